import FaxTestSupport
import Foundation
import Testing

/// Terminals faxtop cannot drive as named: a close stand-in where there is one, else one line and exit 2.
@Suite(.serialized) struct TerminalSupportEndToEndTests {
    static func watch(term: String, log: String) throws -> TmuxSession {
        let command = try (["TERM=" + term, Package.binary, "watch", "--memory", "--host", "127.0.0.1", "--port", "0", "--log-file", log])
            .enumerated().map { $0.offset == 0 ? $0.element : TmuxSession.shellQuoted($0.element) }.joined(separator: " ")
        return try TmuxSession(command: command)
    }

    @Test func dumbSaysWhatToDoAndExitsWith2() async throws {
        try await onOwnThread {
            let session = try Self.watch(term: "dumb", log: "/dev/null")
            let lines = ScreenRows.lines(try session.waitFor("faxtop to exit") { $0.contains("FAXTOP-EXITED=") })
            #expect(lines[row: 0] == "faxtop: TERM=dumb cannot move the cursor, which the dashboard needs: run with --headless for JSON lines, or set TERM=xterm-256color",
                    "\(lines.joined(separator: "\n"))")
            #expect(lines[row: 1] == "FAXTOP-EXITED=2")
        }
    }

    @Test func anXtermNameWithoutAnEntryDrawsAsXterm256colorAndSaysSoInTheLog() async throws {
        try await onOwnThread {
            let log = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-term-\(UUID().uuidString).log").path
            defer { try? FileManager.default.removeItem(atPath: log) }
            let session = try Self.watch(term: "xterm-no-such-terminal", log: log)
            _ = try session.listeningURL()
            try session.waitFor("the dashboard") { ScreenRows.lines($0)[row: 2].hasPrefix("  Feed 0   Numbers 0   Chains 0 ") }
            let text = try String(contentsOfFile: log, encoding: .utf8)
            #expect(text.contains("warning faxtop: TERM=xterm-no-such-terminal has no terminfo entry on this machine (the ncurses-term package has it): drawing as xterm-256color"),
                    "\(text)")
            try session.send("q")
            try session.waitFor("faxtop to exit") { $0.contains("FAXTOP-EXITED=0") }
        }
    }
}
