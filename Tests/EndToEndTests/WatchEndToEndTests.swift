import FaxTestSupport
import Foundation
import Testing

/// The real binary in a real terminal: a webhook POSTed over real HTTP appears on the screen.
@Suite(.serialized) struct WatchEndToEndTests {
    /// Feed rows at 160 columns, after the arrival time.
    enum Row {
        static let sentFirst = "↗ sent       +1 212-555-0147   →   +1 415-555-0199     3p success                                  6710c3a29e4b1f0c7d2a5e81"
        static let sentRetry = "↗ sent       +1 212-555-0147   →   +1 415-555-0199     3p failed_user_busy                #2       6710c4f01a2b3c4d5e6f7081"
        static let received = "↙ received   +1 646-555-0123   →   +1 212-555-0147     2p success                                  6710c80f5d2e4a9b1c3f7e60"
        static let receivedSDK = "↙ received   +44 20 7946 0018  →   +1 212-555-0147     1p success                                  6711aa0000000000000000a1"
        static let pagesRejected = "⊘ 422        127.0.0.1         data.pages: expected a number, got a string"
    }

    func startWatch(cols: Int = 160, rows: Int = 45) throws -> (TmuxSession, String) {
        let session = try TmuxSession(faxtop: ["watch", "--memory", "--host", "127.0.0.1", "--port", "0", "--log-file", "/dev/null"],
                                      cols: cols, rows: rows)
        return (session, try session.listeningURL())
    }

    @Test func postedWebhookAppearsAndQRestoresTheTerminal() async throws {
        try await onOwnThread {
            let (session, url) = try startWatch()
            let answer = try HTTPPost.send(try Package.fixture("valid/fax_received.json"), to: url)
            #expect(answer.status == 200)
            #expect(answer.body == "{\"status\":\"accepted\",\"seq\":1,\"attempt\":1}\n")
            let screen = try session.waitFor("the received fax's row") { ScreenRows.feedRow($0, Row.received) != nil }
            let lines = ScreenRows.lines(screen)
            #expect(ScreenRows.feedRow(screen, Row.received) == 4, "the first row under the column titles")
            #expect(lines[row: 1].hasPrefix(" sent 0  received 1  failed 0  rejected 0  retries 0  dup 0  30m "), "\(lines[row: 1])")
            #expect(lines[row: 2].hasPrefix("  Feed 1   Numbers 2   Chains 1 ") && lines[row: 2].hasSuffix(" follow  theme default"), "\(lines[row: 2])")
            try session.send("q")
            let after = try session.waitFor("faxtop to exit") { $0.contains("FAXTOP-EXITED=") }
            // The dashboard is gone and the terminal shows what it showed before faxtop started: nothing.
            #expect(ScreenRows.lines(after).filter { !$0.isEmpty } == ["FAXTOP-EXITED=0"], "\(after)")
        }
    }

    @Test func rejectionsFilterDetailHelpAndResize() async throws {
        try await onOwnThread {
            let (session, url) = try startWatch()
            #expect(try HTTPPost.send(try Package.fixture("valid/fax_sent_first_attempt.json"), to: url).status == 200)
            #expect(try HTTPPost.send(try Package.fixture("valid/fax_sent_retry.json"), to: url).status == 200)
            let bad = try HTTPPost.send(try Package.fixture("invalid/pages_wrong_type.json"), to: url)
            #expect(bad.status == 422)
            let all = try session.waitFor("the rejection row") { ScreenRows.feedRow($0, Row.pagesRejected) == 6 }
            #expect(ScreenRows.feedRow(all, Row.sentFirst) == 4)
            #expect(ScreenRows.feedRow(all, Row.sentRetry) == 5)

            try session.send("/")
            try session.type("status:failed")
            try session.send("Enter")
            // Screens are read while the terminal may still be drawing, so each wait names everything checked.
            let filtered = try session.waitFor("the filtered feed") {
                ScreenRows.feedRow($0, Row.sentRetry) == 4 && ScreenRows.lines($0)[row: 5].isEmpty
                    && ScreenRows.lines($0)[row: 2].hasPrefix("  Feed 1 ") && ScreenRows.lines($0)[row: 44].hasSuffix("filter: status:failed")
            }
            #expect(ScreenRows.feedRow(filtered, Row.sentFirst) == nil && ScreenRows.feedRow(filtered, Row.pagesRejected) == nil)

            try session.send("Enter")
            try session.waitFor("the detail pane with the status meaning and the payload") {
                $0.contains("Delivery #2") && $0.contains("The destination line was busy.")
                    && $0.contains("\"file_name\": \"fax-to-14155550199\"")
            }
            try session.send("Escape")
            try session.waitFor("the detail pane closed") { !$0.contains("Delivery #2") && ScreenRows.feedRow($0, Row.sentRetry) == 4 }
            try session.send("x")
            try session.waitFor("every row again once the filter is cleared") {
                ScreenRows.feedRow($0, Row.sentFirst) == 4 && ScreenRows.feedRow($0, Row.pagesRejected) == 6
                    && ScreenRows.lines($0)[row: 2].hasPrefix("  Feed 3 ")
            }

            try session.send("?")
            try session.waitFor("the help overlay") { $0.contains("faxtop keys") && $0.contains("follow mode on / off") }
            try session.send("Escape")
            try session.waitFor("the help closed") { !$0.contains("faxtop keys") }

            try session.resize(cols: 70, rows: 20)
            try session.waitFor("the too-small message") { $0.contains("Terminal too small: 70×20.") && !$0.contains("failed_user_busy") }
            try session.resize(cols: 120, rows: 30)
            // At 120 columns the event and status columns are narrower and the hook id is cut.
            try session.waitFor("the feed again, at 120 columns") {
                !$0.contains("Terminal too small") && ScreenRows.lines($0).count == 30
                    && ScreenRows.feedRow($0, "↗ sent     +1 212-555-0147   →   +1 415-555-0199     3p failed_user_busy           #2       "
                        + "6710c4f01a2b3c4d5…") == 5
                    && ScreenRows.feedRow($0, "⊘ 422      127.0.0.1         data.pages: expected a number, got a string") == 6
            }

            try session.send("q")
            try session.waitFor("faxtop to exit") { $0.contains("FAXTOP-EXITED=0") }
        }
    }

    /// Follow mode as a user sees it: the newest row stays selected; `k` pauses (the tab row says so, the
    /// selection stays put, the header counts what arrived since); `G` selects the newest again.
    @Test func followModeShowsNewCount() async throws {
        try await onOwnThread {
            let (session, url) = try startWatch()
            let feedRows = 4..<44
            #expect(try HTTPPost.send(try Package.fixture("valid/fax_sent_first_attempt.json"), to: url).status == 200)
            #expect(try HTTPPost.send(try Package.fixture("valid/fax_received.json"), to: url).status == 200)
            let following = try session.waitForStyled("two rows, the newest selected") { screen in
                screen.highlightedRows(feedRows) == [5] && ScreenRows.feedRow(screen.trimmedLines.joined(separator: "\n"), Row.received) == 5
            }
            #expect(following.trimmedLines[row: 2].hasSuffix(" follow  theme default"), "\(following.trimmedLines[row: 2])")

            try session.send("k")
            let paused = try session.waitForStyled("the selection one row up, paused") {
                $0.highlightedRows(feedRows) == [4] && $0.trimmedLines[row: 2].hasSuffix(" paused  theme default")
            }
            #expect(!paused.trimmedLines[row: 1].contains(" new "))
            #expect(try HTTPPost.send(try Package.fixture("valid/fax_received_sdk_field_names.json"), to: url).status == 200)
            let counted = try session.waitForStyled("the new count and the new row") {
                $0.trimmedLines[row: 1].hasSuffix("  1 new → G") && !$0.trimmedLines[row: 6].isEmpty
            }
            #expect(counted.highlightedRows(feedRows) == [4], "the selection stays where the user left it")
            #expect(ScreenRows.feedRow(counted.trimmedLines.joined(separator: "\n"), Row.receivedSDK) == 6)

            try session.send("G")
            let resumed = try session.waitForStyled("follow back on") {
                $0.highlightedRows(feedRows) == [6] && $0.trimmedLines[row: 2].hasSuffix(" follow  theme default")
            }
            #expect(!resumed.trimmedLines[row: 1].contains(" new "), "\(resumed.trimmedLines[row: 1])")
            try session.send("C-c")
            try session.waitFor("Ctrl-C to quit cleanly") { $0.contains("FAXTOP-EXITED=0") }
        }
    }

    @Test func demoIsLivelyWithinFiveSeconds() async throws {
        try await onOwnThread {
            let session = try TmuxSession(faxtop: ["demo", "--seed", "7", "--log-file", "/dev/null"])
            let screen = try session.waitFor(timeout: 5, "a lively demo screen") { screen in
                let feed = ScreenRows.lines(screen).dropFirst(4)
                return feed.contains { $0.dropFirst(9).hasPrefix("↗ sent ") } && feed.contains { $0.dropFirst(9).hasPrefix("↙ received ") }
                    && feed.contains { $0.dropFirst(9).hasPrefix("⊘ 4") }
            }
            let header = ScreenRows.lines(screen)[row: 0]
            #expect(header.hasSuffix("/events.sqlite"), "the demo keeps a SQLite file: \(header)")
            #expect(header.range(of: #"http://127\.0\.0\.1:[0-9]+/webhook/de…[0-9a-f]{2} "#, options: .regularExpression) != nil,
                    "the demo's token is shown masked: \(header)")
            try session.send("q")
            try session.waitFor("demo to exit") { $0.contains("FAXTOP-EXITED=0") }
        }
    }
}
