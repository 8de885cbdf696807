import FaxTestSupport
import Foundation
import Testing

/// The UI stalls (terminal output stopped with Ctrl-S, XOFF) while far more deliveries arrive than the
/// ring holds; after Ctrl-Q the screen must account for every one of them, backfilled from the store.
@Suite(.serialized) struct StalledTerminalTests {
    @Test func ringOverrunWhileTheTerminalIsStoppedIsBackfilled() async throws {
        try await onOwnThread {
            let session = try TmuxSession(faxtop: ["watch", "--memory", "--host", "127.0.0.1", "--port", "0", "--ring", "32",
                                                   "--log-file", "/dev/null"])
            let url = try session.listeningURL()
            try session.send("C-s")  // XOFF: the terminal stops taking output, so the UI thread blocks drawing
            let total = 600
            for i in 0..<total {
                let id = String(format: "%024x", 0xA000 + i)
                let body = """
                    {"hook":{"id":"\(id)","event":"fax_sent","event_time":"2026-10-17 09:58:12"},\
                    "data":{"id":"\(id)","pages":1,"from":"+1 212-555-0147","to":"+1 415-555-0199","status":"success"}}
                    """
                #expect(try HTTPPost.send(Data(body.utf8), to: url).status == 200)
            }
            try session.send("C-q")  // XON
            // The screen is read while faxtop may still be drawing it, so the wait names every row checked.
            // At 160×45 the overview's feed ends on row 24.
            let after = try session.waitFor(timeout: 30, "every delivery on screen, the newest at the bottom") {
                let lines = ScreenRows.lines($0)
                return lines[row: 2].hasPrefix("  Feed \(total) ") && lines[row: 24].hasSuffix(String(format: "%024x", 0xA000 + total - 1))
                    && lines[row: 1].contains("  overruns ")
            }
            let lines = ScreenRows.lines(after)
            #expect(lines[row: 1].hasPrefix(" sent \(total)  received 0  failed 0  rejected 0  retries 0  dup 0  30m "), "\(lines[row: 1])")
            #expect(lines[row: 1].range(of: #"  overruns [0-9]+ \(backfilled\)$"#, options: .regularExpression) != nil,
                    "the header says the ring overran and was backfilled: \(lines[row: 1])")
            #expect(lines[row: 24].hasSuffix(String(format: "%024x", 0xA000 + total - 1)), "the newest delivery is the last row: \(lines[row: 24])")
            #expect(lines[row: 23].hasSuffix(String(format: "%024x", 0xA000 + total - 2)), "in order: \(lines[row: 23])")
            try session.send("q")
            try session.waitFor("faxtop to exit") { $0.contains("FAXTOP-EXITED=0") }
        }
    }
}
