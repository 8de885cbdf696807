import FaxTestSupport
import Foundation
import Testing

/// The real binary in a real terminal: a webhook POSTed over real HTTP appears on the screen.
@Suite(.serialized) struct WatchEndToEndTests {
    func startWatch(cols: Int = 160, rows: Int = 45) throws -> (TmuxSession, String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-e2e-\(UUID().uuidString).log").path
        let session = try TmuxSession(
            command: "\(try Package.binary) watch --memory --host 127.0.0.1 --port 0 --log-file \(log)", cols: cols, rows: rows)
        let screen = try session.waitFor("the listening URL") { HTTPPost.listeningURL(in: $0) != nil }
        // faxtop has the log open by now and keeps writing it; the name need not outlive the test.
        unlink(log)
        return (session, HTTPPost.listeningURL(in: screen)!)
    }

    @Test func postedWebhookAppearsAndQRestoresTheTerminal() async throws {
        try await onOwnThread {
            let (session, url) = try startWatch()
            let answer = try HTTPPost.send(try Package.fixture("valid/fax_received.json"), to: url)
            #expect(answer.status == 200)
            #expect(answer.body.contains("\"status\":\"accepted\""))
            let screen = try session.waitFor("the received fax") { $0.contains("+1 646-555-0123") }
            #expect(screen.contains("received"))
            #expect(screen.contains("success"))
            try session.send("q")
            let after = try session.waitFor("faxtop to exit") { $0.contains("FAXTOP-EXITED=") }
            #expect(after.contains("FAXTOP-EXITED=0"))
            #expect(!after.contains("+1 646-555-0123"), "the dashboard is gone: the terminal was restored")
        }
    }

    @Test func rejectionsFilterDetailHelpAndResize() async throws {
        try await onOwnThread {
            let (session, url) = try startWatch()
            _ = try HTTPPost.send(try Package.fixture("valid/fax_sent_first_attempt.json"), to: url)
            _ = try HTTPPost.send(try Package.fixture("valid/fax_sent_retry.json"), to: url)
            let bad = try HTTPPost.send(try Package.fixture("invalid/pages_wrong_type.json"), to: url)
            #expect(bad.status == 422)
            try session.waitFor("the rejection row") { $0.contains("⊘ 422") && $0.contains("data.pages") }

            try session.send("/")
            try session.type("status:failed")
            try session.send("Enter")
            // Screens are read while the terminal may still be drawing, so each wait names everything checked.
            try session.waitFor("the filtered feed") {
                !$0.contains("⊘ 422") && $0.contains("failed_user_busy") && $0.contains("filter: status:failed")
            }

            try session.send("Enter")
            try session.waitFor("the detail pane with the status meaning and the payload") {
                $0.contains("Delivery #") && $0.contains("The destination line was busy.")
                    && $0.contains("\"file_name\": \"fax-to-14155550199\"")
            }
            try session.send("Escape")
            try session.send("x")

            try session.send("?")
            try session.waitFor("the help overlay") { $0.contains("faxtop keys") }
            try session.send("Escape")

            try session.resize(cols: 70, rows: 20)
            try session.waitFor("the too-small message") { $0.contains("Terminal too small") }
            try session.resize(cols: 120, rows: 30)
            try session.waitFor("the feed again") { $0.contains("failed_user_busy") && !$0.contains("Terminal too small") }

            try session.send("q")
            try session.waitFor("faxtop to exit") { $0.contains("FAXTOP-EXITED=0") }
        }
    }

    @Test func followModeShowsNewCount() async throws {
        try await onOwnThread {
            let (session, url) = try startWatch()
            _ = try HTTPPost.send(try Package.fixture("valid/fax_sent_first_attempt.json"), to: url)
            _ = try HTTPPost.send(try Package.fixture("valid/fax_received.json"), to: url)
            try session.waitFor("two rows") { $0.contains("+1 646-555-0123") }
            try session.send("k")
            _ = try HTTPPost.send(try Package.fixture("valid/fax_received_sdk_field_names.json"), to: url)
            let screen = try session.waitFor("the new count") { $0.contains("1 new") }
            #expect(screen.contains("paused"))
            try session.send("G")
            try session.waitFor("follow back on") { $0.contains("follow") && !$0.contains("1 new") }
            try session.send("C-c")
            try session.waitFor("Ctrl-C to quit cleanly") { $0.contains("FAXTOP-EXITED=0") }
        }
    }

    @Test func demoIsLivelyWithinFiveSeconds() async throws {
        try await onOwnThread {
            let log = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-demo-\(UUID().uuidString).log").path
            defer { unlink(log) }
            let session = try TmuxSession(command: "\(try Package.binary) demo --seed 7 --log-file \(log)")
            let screen = try session.waitFor(timeout: 5, "a lively demo screen") { screen in
                screen.contains("↗ sent") && screen.contains("↙ received") && screen.contains("⊘ 4")
            }
            #expect(screen.contains("store …/events.sqlite") || screen.contains("events.sqlite"), "the demo keeps a SQLite file")
            #expect(screen.contains("/webhook/de…"), "the demo's token is shown masked")
            try session.send("q")
            try session.waitFor("demo to exit") { $0.contains("FAXTOP-EXITED=0") }
        }
    }
}
