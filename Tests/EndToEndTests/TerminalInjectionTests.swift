import FaxTestSupport
import Foundation
import Testing

/// Hostile payloads against the real binary in a real terminal (tmux): escape sequences, bidi controls
/// and invalid UTF-8 in every string field must show up as visible text and leave the terminal alone
/// (no cleared screen, no new title, no moved cursor, no colour change).
@Suite(.serialized) struct TerminalInjectionTests {
    /// Clear screen, set the title, red, move the cursor, right-to-left override, all as JSON escapes.
    static let hostile = #"\u001b[2J\u001b]0;pwned\u0007\u001b[31m\u001b[10;10H\u202e"#

    static func payload(event: String = "fax_received", id: String) -> Data {
        let h = hostile
        return Data(#"""
        {"hook":{"id":"\#(id)\#(h)","event":"\#(event)","event_time":"2026-10-17 09:58:12","target":"https://x/\#(h)"},
         "data":{"id":"\#(id)-data\#(h)","uid":"\#(h)","pages":1,"from":"+1 212\#(h)","to":"+1 415\#(h)",
                 "start_time":"2026-10-17 09:56:40","file":"\#(h).tiff","file_name":"\#(h)name","cost":1,"status":"success\#(h)"}}
        """#.utf8)
    }

    static func title(of session: TmuxSession) throws -> String {
        try TmuxSession.tmux(["-L", session.name, "display", "-p", "-t", session.name, "#{pane_title}"])
    }

    /// The terminal is untouched: header and earlier rows still drawn, title unchanged, escapes visible.
    static func expectIntact(_ screen: String, url: String, title: String, session: TmuxSession) throws {
        #expect(screen.contains("faxtop") && screen.contains(url), "the header survived (no cleared screen)")
        #expect(screen.contains("␛"), "escapes are shown as visible ␛")
        #expect(!screen.contains("\u{1B}") && !screen.contains("\u{202E}"), "no raw control reached the screen")
        let now = try Self.title(of: session)
        #expect(now == title && !now.contains("pwned"), "the title is unchanged: \(now)")
    }

    @Test func escapesBidiAndInvalidUTF8LeaveTheTerminalAlone() async throws {
        try await onOwnThread {
            let log = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-inj-\(UUID().uuidString).log").path
            defer { unlink(log) }
            let session = try TmuxSession(command: "\(try Package.binary) watch --memory --host 127.0.0.1 --port 0 --log-file \(log)")
            let first = try session.waitFor("the listening URL") { HTTPPost.listeningURL(in: $0) != nil }
            let url = HTTPPost.listeningURL(in: first)!
            let title = try Self.title(of: session)

            // A normal row first: a cleared screen would erase it (the UI redraws only what changed).
            #expect(try HTTPPost.send(try Package.fixture("valid/fax_received.json"), to: url).status == 200)
            try session.waitFor("the normal row") { $0.contains("+1 646-555-0123") }

            #expect(try HTTPPost.send(Self.payload(id: "inj1"), to: url).status == 200)
            // A hostile event name makes an "other" event: still accepted, still shown.
            #expect(try HTTPPost.send(Self.payload(event: "fax_sent\(Self.hostile)", id: "inj2"), to: url).status == 200)
            // A hostile timestamp is refused (422), and the reason quotes it.
            let badTime = String(decoding: Self.payload(id: "inj3"), as: UTF8.self)
                .replacingOccurrences(of: "2026-10-17 09:58:12", with: "2026\(Self.hostile)")
            #expect(try HTTPPost.send(Data(badTime.utf8), to: url).status == 422)
            // Invalid UTF-8 and a raw ESC in string fields: not UTF-8 / not JSON, so 400; the body is kept and shown.
            var raw = Data(#"{"hook":{"id":"inj4"#.utf8) + Data([0xFF, 0xFE, 0xC0, 0x80, 0x1B]) + Data("[2J\",\"event\":\"fax_sent\"},".utf8)
            raw += Data(#""data":{"id":"d"#.utf8) + Data([0xED, 0xA0, 0x80]) + Data(#"","status":"success"}}"#.utf8)
            #expect(try HTTPPost.send(raw, to: url).status == 400)

            let screen = try session.waitFor("the hostile rows and both rejections") {
                $0.contains("+1 646-555-0123") && $0.contains("⊘ 422") && $0.contains("⊘ 400") && $0.contains("␛[2J")
            }
            try Self.expectIntact(screen, url: url, title: title, session: session)

            // The detail pane of each of the newest rows (walking up from the selection) is just as safe.
            for step in 0..<4 {
                if step > 0 { try session.send("k") }
                try session.send("Enter")
                let detail = try session.waitFor("the detail pane (step \(step))") { $0.contains("payload (") }
                try Self.expectIntact(detail, url: url, title: title, session: session)
                try session.send("Escape")
                try session.waitFor("the feed again") { !$0.contains("payload (") }
            }
            try session.send("q")
            try session.waitFor("faxtop to exit") { $0.contains("FAXTOP-EXITED=0") }
        }
    }
}
