import FaxCore
import FaxTestSupport
import Foundation
import Testing

/// The `:` command line in a real terminal: `:goto` selects the right row, `:export` writes the filter's
/// rows, a bad command is said in the status line.
@Suite(.serialized) struct CommandLineEndToEndTests {
    static let feedRows = 4 ..< 25

    @Test func gotoSelectsTheFirstDeliveryAtOrAfterTheTimeAndExportWritesTheFilteredRows() async throws {
        try await onOwnThread {
            let session = try TmuxSession(faxtop: ["watch", "--memory", "--host", "127.0.0.1", "--port", "0", "--log-file", "/dev/null"])
            let url = try session.listeningURL()
            // Three faxes, each in a second of its own, so each row's time names it alone.
            var times: [String] = []
            for index in 1...3 {
                let hookID = String(format: "7e00000000000000000000e%d", index)
                #expect(try HTTPPost.send(OverviewEndToEndTests.sentFax(hookID: hookID, status: index == 2 ? "failed_no_answer" : "success"),
                                          to: url).status == 200)
                let screen = try session.waitFor("fax \(index) on screen") { ScreenRows.lines($0)[row: 3 + index].hasSuffix(hookID) }
                times.append(String(ScreenRows.lines(screen)[row: 3 + index].prefix(8)))
                while FaxTimestamp.format(Int64(Date().timeIntervalSince1970)).suffix(8) == times.last ?? "" {
                    Thread.sleep(forTimeInterval: 0.05)
                }
            }
            try session.send(":")
            try session.type("goto \(times[1])")
            try session.waitFor("the command line") { ScreenRows.lines($0)[row: 44].hasPrefix(" :goto \(times[1])▏") }
            try session.send("Enter")
            let styled = try session.waitForStyled("the second fax selected") {
                $0.highlightedRows(Self.feedRows) == [5] && $0.trimmedLines[row: 2].hasSuffix(" paused  theme default")
            }
            #expect(styled.trimmedLines[row: 5].hasSuffix("7e00000000000000000000e2"))
            #expect(styled.trimmedLines[row: 44].hasSuffix(" UTC: #2 at \(times[1]) (follow off)"), "\(styled.trimmedLines[row: 44])")

            try session.send(":")
            try session.type("goto tomorrow")
            try session.send("Enter")
            try session.waitFor("the error") { ScreenRows.lines($0)[row: 44].contains("goto: \"tomorrow\" is not a time (14:30") }

            let path = session.home + "/failed.jsonl"
            try session.send(":")
            try session.type("filter status:failed")
            try session.send("Enter")
            try session.waitFor("the filter") { ScreenRows.lines($0)[row: 2].hasPrefix("  Feed 1   Numbers 2   Chains 1 ") }
            try session.send(":")
            try session.type("export \(path)")
            try session.send("Enter")
            try session.waitFor("the export's outcome") {
                ScreenRows.lines($0)[row: 44].contains("exported 1 rows matching status:failed to \(path) (JSONL)")
            }
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 1 && lines[0].contains("\"hook_id\":\"7e00000000000000000000e2\""), "\(lines)")
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            try session.send(":")
            try session.type("export \(path)")
            try session.send("Enter")
            try session.waitFor("the refusal to overwrite") { $0.contains("\(path) exists: :export! \(path) replaces it") }
            try session.send("q")
            try session.waitFor("faxtop to exit") { $0.contains("FAXTOP-EXITED=0") }
        }
    }
}
