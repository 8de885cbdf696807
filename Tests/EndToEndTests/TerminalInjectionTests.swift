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

    /// The terminal is untouched: the header and every row where they belong (a cleared screen or a
    /// moved cursor would leave them missing or misplaced), every colour one the theme draws with (the
    /// default theme uses 256 colours; the payload's `ESC[31m` would be the 8-colour red), the title
    /// unchanged, the escapes shown as visible text.
    static func expectIntact(_ session: TmuxSession, url: String, title: String, feedRows: Int,
                             sourceLocation: SourceLocation = #_sourceLocation) throws {
        let screen = try session.captureStyled()
        let lines = screen.trimmedLines
        #expect(lines.count == 45, sourceLocation: sourceLocation)
        #expect(lines.first?.hasPrefix(" faxtop ● \(url)  allow 4 ranges") == true, "the header: \(lines.first ?? "")",
                sourceLocation: sourceLocation)
        #expect(lines.dropFirst(2).first?.hasPrefix("  Feed \(feedRows) ") == true, sourceLocation: sourceLocation)
        #expect(lines.dropFirst(3).first?.hasPrefix("time     event") == true, sourceLocation: sourceLocation)
        #expect(screen.lines.joined().contains("␛"), "escapes are shown as visible ␛", sourceLocation: sourceLocation)
        #expect(!screen.lines.joined().contains("\u{202E}"), "no raw bidi override reached the screen", sourceLocation: sourceLocation)
        let foreign = screen.styles.filter { style in
            [style.foreground, style.background].contains { $0 != nil && !$0!.hasPrefix("5;") }
        }
        #expect(foreign.isEmpty, "colours the theme does not use: \(foreign)", sourceLocation: sourceLocation)
        #expect(screen.otherEscapes.isEmpty, "\(screen.otherEscapes)", sourceLocation: sourceLocation)
        let now = try session.title()
        #expect(now == title && !now.contains("pwned"), "the title is unchanged: \(now)", sourceLocation: sourceLocation)
    }

    @Test func escapesBidiAndInvalidUTF8LeaveTheTerminalAlone() async throws {
        try await onOwnThread {
            let session = try TmuxSession(faxtop: ["watch", "--memory", "--host", "127.0.0.1", "--port", "0", "--log-file", "/dev/null"])
            let url = try session.listeningURL()
            let title = try session.title()

            // A normal row first: a cleared screen would erase it (the UI redraws only what changed).
            #expect(try HTTPPost.send(try Package.fixture("valid/fax_received.json"), to: url).status == 200)
            try session.waitFor("the normal row") { ScreenRows.feedRow($0, WatchEndToEndTests.Row.received) == 4 }

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
                let lines = ScreenRows.lines($0)
                return lines.count == 45 && lines[row: 7].dropFirst(9).hasPrefix("⊘ 422 ") && lines[row: 8].dropFirst(9).hasPrefix("⊘ 400 ")
                    && $0.contains("␛[2J")
            }
            let lines = ScreenRows.lines(screen)
            #expect(ScreenRows.feedRow(screen, WatchEndToEndTests.Row.received) == 4, "the normal row is where it was")
            #expect(lines[row: 5].dropFirst(9).hasPrefix("↙ received   ") && lines[row: 5].hasSuffix("inj1␛[2J␛]0;pwned␇␛[31m␛[10;10H\\u{202E}"),
                    "the hostile received fax, its id's escapes visible: \(lines[row: 5])")
            #expect(lines[row: 6].dropFirst(9).hasPrefix("• "), "the hostile event name is an other event: \(lines[row: 6])")
            // The overview's feed ends on row 24; the Numbers and Chains panes are below it.
            #expect(lines.count == 45 && lines[9...24].allSatisfy(\.isEmpty), "nothing drawn below the feed's rows")
            #expect(lines[row: 25].hasPrefix("─ Numbers "), "the overview's frame intact: \(lines[row: 25])")
            try Self.expectIntact(session, url: url, title: title, feedRows: 5)

            // The detail pane of each of the newest rows (walking up from the selection) is just as safe.
            for step in 0..<4 {
                if step > 0 { try session.send("k") }
                try session.send("Enter")
                try session.waitFor("the detail pane (step \(step))") { $0.contains("payload (") }
                try Self.expectIntact(session, url: url, title: title, feedRows: 5)
                try session.send("Escape")
                try session.waitFor("the feed again") { !$0.contains("payload (") }
            }
            try session.send("q")
            try session.waitFor("faxtop to exit") { $0.contains("FAXTOP-EXITED=0") }
        }
    }
}
