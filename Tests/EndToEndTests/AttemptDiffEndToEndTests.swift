import FaxTestSupport
import Foundation
import Testing

/// `d` in a real terminal: a failed attempt and its successful retry, the changed status highlighted.
@Suite(.serialized) struct AttemptDiffEndToEndTests {
    @Test func theDiffOfAFailedAttemptAndItsRetryShowsTheChangedStatus() async throws {
        try await onOwnThread {
            let session = try TmuxSession(faxtop: ["watch", "--memory", "--host", "127.0.0.1", "--port", "0", "--log-file", "/dev/null"])
            let url = try session.listeningURL()
            let first = OverviewEndToEndTests.sentFax(hookID: "7c00000000000000000000c1", status: "failed_no_answer",
                                                      eventTime: "2026-10-17 11:00:00")
            let retry = OverviewEndToEndTests.sentFax(hookID: "7c00000000000000000000c2", dataID: "7c00000000000000000000c1",
                                                      status: "success", eventTime: "2026-10-17 11:05:30")
            #expect(try HTTPPost.send(first, to: url).status == 200)
            #expect(try HTTPPost.send(retry, to: url).status == 200)
            try session.waitFor("the retry, selected") { ScreenRows.lines($0)[row: 5].hasSuffix("7c00000000000000000000c2") }
            try session.send("d")
            let screen = try session.waitForStyled("the diff") { $0.trimmedLines[row: 3].hasPrefix("Attempts 1 and 2 of ") }
            let lines = screen.trimmedLines
            #expect(lines[row: 3] == "Attempts 1 and 2 of 7c00000000000000000000c1", "\(lines[row: 3])")
            #expect(lines[row: 4].hasPrefix("time between  +5m (event_time 11:00:00 → 11:05:30), arrived +"), "\(lines[row: 4])")
            #expect(lines[row: 5] == "changed       hook.id, hook.event_time, data.status", "\(lines[row: 5])")
            let status = try #require(screen.row(containing: "~ data.status"), "\(lines.joined(separator: "\n"))")
            let row = lines[row: status]
            #expect(row.range(of: #"^~ data\.status +"failed_no_answer" +"success"$"#, options: .regularExpression) != nil, "\(row)")
            let style = try #require(screen.style(of: "\"success\"", inRow: status))
            #expect(style.bold && style.background != nil, "the changed value highlighted: \(style)")
            let pages = try #require(screen.row(containing: "  data.pages"))
            #expect(screen.style(of: "2", inRow: pages)?.bold == false, "an unchanged field is not highlighted")
            try session.send("Escape")
            try session.waitFor("the overview again") { !$0.contains("Attempts 1 and 2") && $0.contains("─ Numbers 2 ") }
            try session.send("q")
            try session.waitFor("faxtop to exit") { $0.contains("FAXTOP-EXITED=0") }
        }
    }
}
