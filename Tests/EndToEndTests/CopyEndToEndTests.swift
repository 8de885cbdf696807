import FaxCore
import FaxTestSupport
import Foundation
import Testing

/// `y` and `Y` in a real terminal: tmux with `set-clipboard on` takes faxtop's OSC 52 sequence into a
/// paste buffer, which is what a terminal would put on the clipboard.
@Suite(.serialized) struct CopyEndToEndTests {
    static let fax = OverviewEndToEndTests.sentFax(hookID: "7d00000000000000000000d1", status: "failed_no_answer")

    @Test func yCopiesThePayloadAndCapitalYTheFaxID() async throws {
        try await onOwnThread {
            let session = try TmuxSession(faxtop: ["watch", "--memory", "--host", "127.0.0.1", "--port", "0", "--log-file", "/dev/null"])
            try session.setGlobalOption("set-clipboard", "on")
            #expect(try HTTPPost.send(Self.fax, to: try session.listeningURL()).status == 200)
            try session.waitFor("the fax, selected") { ScreenRows.lines($0)[row: 4].hasSuffix("7d00000000000000000000d1") }
            #expect(session.pasteBuffer() == nil)
            try session.send("y")
            let bytes = Self.fax.count
            try session.waitFor("the notice") { ScreenRows.lines($0)[row: 44].hasSuffix("copied the payload of #1 (\(bytes) bytes) to the clipboard (OSC 52)") }
            let copied = try #require(session.pasteBuffer(), "tmux received no OSC 52")
            #expect(copied.hasPrefix("{\n  \"hook\": {\n    \"id\": \"7d00000000000000000000d1\","), "pretty JSON: \(copied)")
            #expect(try JSONParser.parse(Array(copied.utf8)) == JSONParser.parse(Array(Self.fax)), "the payload, whole")
            try session.send("Y")
            try session.waitFor("the fax id's notice") { $0.contains("copied fax id 7d00000000000000000000d1 to the clipboard") }
            #expect(session.pasteBuffer() == "7d00000000000000000000d1")
            try session.send("q")
            try session.waitFor("faxtop to exit") { $0.contains("FAXTOP-EXITED=0") }
        }
    }

    /// `--no-osc52`, and `osc52 = false` in the config file.
    @Test(arguments: [false, true])
    func copyingTurnedOffCopiesNothingAndSaysWhy(byConfigFile: Bool) async throws {
        try await onOwnThread {
            let config = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-osc52-\(UUID().uuidString).toml").path
            try "osc52 = false\n".write(toFile: config, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: config) }
            let session = try TmuxSession(faxtop: ["watch", "--memory", "--host", "127.0.0.1", "--port", "0", "--log-file", "/dev/null"]
                                          + (byConfigFile ? ["--config", config] : ["--no-osc52"]))
            try session.setGlobalOption("set-clipboard", "on")
            #expect(try HTTPPost.send(Self.fax, to: try session.listeningURL()).status == 200)
            try session.waitFor("the fax, selected") { ScreenRows.lines($0)[row: 4].hasSuffix("7d00000000000000000000d1") }
            try session.send("y")
            try session.waitFor("the notice") { $0.contains("copying is off (--no-osc52 or osc52 = false in the config file)") }
            #expect(session.pasteBuffer() == nil)
            try session.send("q")
            try session.waitFor("faxtop to exit") { $0.contains("FAXTOP-EXITED=0") }
        }
    }
}
