import FaxTestSupport
import Foundation
import Testing

/// The overview in a real terminal: the feed, Numbers and Chains at once at 160×45 with live counts,
/// `v` and Tab, and tabs on a terminal too small for it.
@Suite(.serialized) struct OverviewEndToEndTests {
    /// At 160×45: the line naming Numbers and Chains, then their column titles; the feed ends above.
    static let lowerTitles = 25

    /// A sent fax as Fax.Plus would post it.
    static func sentFax(hookID: String, dataID: String? = nil, to: String = "+1 415-555-0199", status: String,
                        eventTime: String = "2026-10-17 11:00:00", pages: Int = 2) -> Data {
        Data("""
            {"hook":{"id":"\(hookID)","event":"fax_sent","event_time":"\(eventTime)"},\
            "data":{"id":"\(dataID ?? hookID)","pages":\(pages),"from":"+1 212-555-0147","to":"\(to)","status":"\(status)","cost":\(pages)}}
            """.utf8)
    }

    @Test func overviewShowsTheThreePanesWithLiveCountsAndVToggles() async throws {
        try await onOwnThread {
            let session = try DashboardDisplayTests.dashboard()
            // The chains' order is refreshed at most once a second: the wait includes the chain's row.
            var lines = ScreenRows.lines(try session.waitFor("the overview") {
                ScreenRows.lines($0)[row: Self.lowerTitles].hasPrefix("─ Numbers 4 ─") && $0.contains("│ 6710c3a29e4b…")
            })
            #expect(lines[row: 2].hasPrefix("  Feed 5   Numbers 4   Chains 3 "), "\(lines[row: 2])")
            #expect(lines[row: 3].hasPrefix("time     event"), "the feed on top: \(lines[row: 3])")
            #expect(lines[row: 8].contains("⊘ 422        127.0.0.1         data.pages: expected a number"), "\(lines[row: 8])")
            #expect(lines[row: Self.lowerTitles].contains("── Chains 3 ──"), "\(lines[row: Self.lowerTitles])")
            #expect(lines[row: 26].hasPrefix("number ↓last seen      sent   recv   fail   ok %  retry  last seen   pages     │ session (dat… event"),
                    "\(lines[row: 26])")
            #expect(lines[row: 27].hasPrefix("+44 20 7946 0018          1      0      0   100%      0 "), "\(lines[row: 27])")
            #expect(lines[row: 28].hasPrefix("+1 212-555-0147           2      2      1    75%      1 "), "\(lines[row: 28])")
            #expect(lines[row: 27 ..< 30].contains { $0.contains("│ 6710c3a29e4b… sent      +1 212-555-0147 → +1 41… ✓ +6m ✗ ") },
                    "the chain of two attempts: \(lines[row: 26 ..< 31].joined(separator: "\n"))")

            // A new number's failed fax: all three counts move, the number shows with its failure.
            #expect(try HTTPPost.send(Self.sentFax(hookID: "7a00000000000000000000a1", to: "+1 305-555-0100",
                                                   status: "failed_no_answer"), to: try session.listeningURL()).status == 200)
            lines = ScreenRows.lines(try session.waitFor("the new fax counted in every pane") {
                ScreenRows.lines($0)[row: 2].hasPrefix("  Feed 6   Numbers 5   Chains 4 ")
            })
            #expect(lines[row: 27].hasPrefix("+1 305-555-0100           0      1      1     0%      0 "), "newest first: \(lines[row: 27])")
            #expect(lines[row: Self.lowerTitles].hasPrefix("─ Numbers 5 ─"))

            // Tab: the Numbers pane has the focus, marked in its title and by the only highlighted selection.
            try session.send("Tab")
            let styled = try session.waitForStyled("the Numbers pane focused") {
                $0.trimmedLines[row: Self.lowerTitles].hasPrefix("─ ● Numbers 5 ─")
            }
            #expect(styled.highlightedRows(4 ..< 44) == [27], "the Numbers selection, not the feed's")

            // The filter applies to all three.
            try session.send("/")
            try session.type("status:failed")
            try session.send("Enter")
            lines = ScreenRows.lines(try session.waitFor("the filtered panes") {
                ScreenRows.lines($0)[row: 2].hasPrefix("  Feed 2   Numbers 3   Chains 2 ")
            })
            #expect(!lines[row: 27 ..< 44].contains { $0.hasPrefix("+44 20 7946 0018") }, "the UK number sent nothing that failed")

            try session.send("v")
            lines = ScreenRows.lines(try session.waitFor("one pane at a time") {
                ScreenRows.lines($0)[row: 44].contains("one pane at a time: Tab switches")
            })
            #expect(lines[row: 3].hasPrefix("number ↓last seen      sent   recv   pages      cost"), "the Numbers pane, full width: \(lines[row: 3])")
            #expect(!lines.contains { $0.hasPrefix("─ ") }, "no overview frame")
            try session.send("v")
            try session.waitFor("the overview again") { ScreenRows.lines($0)[row: Self.lowerTitles].hasPrefix("─ ● Numbers 3 ─") }
            try session.send("q")
            try session.waitFor("faxtop to exit") { $0.contains("FAXTOP-EXITED=0") }
        }
    }

    @Test func aSmallTerminalKeepsTabsUntilItIsLargeEnough() async throws {
        try await onOwnThread {
            let session = try TmuxSession(faxtop: ["watch", "--memory", "--host", "127.0.0.1", "--port", "0", "--log-file", "/dev/null"],
                                          cols: 100, rows: 30)
            let url = try session.listeningURL()
            #expect(try HTTPPost.send(Self.sentFax(hookID: "7b00000000000000000000b1", status: "success"), to: url).status == 200)
            var lines = ScreenRows.lines(try session.waitFor("the feed pane") { ScreenRows.lines($0)[row: 2].hasPrefix("  Feed 1   Numbers 2   Chains 1 ") })
            #expect(lines[row: 3].hasPrefix("time     event"))
            #expect(!lines.contains { $0.hasPrefix("─ Numbers") }, "tabs at 100×30")
            try session.send("v", "v")
            try session.waitFor("the overview's size") { ScreenRows.lines($0)[row: 29].contains("overview from 140×40 (this terminal is 100×30)") }
            try session.send("Tab")
            try session.waitFor("the Numbers tab") { ScreenRows.lines($0)[row: 3].hasPrefix("number ↓last seen") }
            try session.resize(cols: 160, rows: 45)
            lines = ScreenRows.lines(try session.waitFor("the overview at 160×45") {
                ScreenRows.lines($0)[row: Self.lowerTitles].hasPrefix("─ ● Numbers 2 ─")
            })
            #expect(lines[row: 4].hasSuffix("7b00000000000000000000b1"), "the feed on top: \(lines[row: 4])")
            try session.send("q")
            try session.waitFor("faxtop to exit") { $0.contains("FAXTOP-EXITED=0") }
        }
    }

    /// `Enter` on a number: its detail beside the Numbers pane, with its rates, failures and faxes.
    @Test func enterOnANumberShowsItsRecentFaxesAndFailures() async throws {
        try await onOwnThread {
            let session = try DashboardDisplayTests.dashboard()
            try session.send("Tab")
            try session.waitFor("the Numbers pane focused") { ScreenRows.lines($0)[row: Self.lowerTitles].hasPrefix("─ ● Numbers 4 ─") }
            try session.send("j", "j", "j", "Enter")  // the San Francisco number, last by last seen
            let lines = ScreenRows.lines(try session.waitFor("the number's detail") { $0.contains("Number +1 415-555-0199") })
            let detail = lines.map { String($0.dropFirst(90)) }
            #expect(detail[row: 4].hasPrefix("number        +1 415-555-0199"), "\(lines.joined(separator: "\n"))")
            #expect(detail[row: 7].hasPrefix("ok last hour  50%  (1 of 2)"), "\(detail[row: 7])")
            #expect(detail[row: 10] == "Failures in the last day")
            #expect(detail[row: 11].hasPrefix("    ×1 failed_user_busy "), "\(detail[row: 11])")
            #expect(detail[row: 13] == "Last 2 faxes, newest first")
            #expect(detail[row: 14].contains("↗ to   +1 415-555-0199   failed_user_busy "), "the retry: \(detail[row: 14])")
            #expect(detail[row: 15].contains("↗ to   +1 415-555-0199   success "), "the first attempt: \(detail[row: 15])")
            #expect(lines[row: 4].hasPrefix("+44 20 7946 0018"), "the Numbers pane on the left: \(lines[row: 4])")
            try session.send("Escape")
            try session.waitFor("the overview again") { ScreenRows.lines($0)[row: Self.lowerTitles].hasPrefix("─ ● Numbers 4 ─") }
            try session.send("q")
            try session.waitFor("faxtop to exit") { $0.contains("FAXTOP-EXITED=0") }
        }
    }
}
