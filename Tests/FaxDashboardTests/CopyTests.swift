import FaxCore
import FaxDashboard
import FaxStore
import Testing

/// `y` and `Y`: the payload or the fax id to the clipboard, as OSC 52 written to the terminal.
@Suite struct CopyTests {
    static func dashboard() throws -> Dashboard {
        try Dashboard.make(bodies: [3: Deliveries.payload(hookID: "6710c4f01a2b3c4d5e6f7081", dataID: "6710c3a29e4b1f0c7d2a5e81")])
    }

    @Test func yCopiesThePrettyPayloadAndSaysSo() throws {
        var dashboard = try Self.dashboard()
        dashboard.press("ky")
        let copied = dashboard.takeClipboard()
        let text = String(decoding: try #require(copied), as: UTF8.self)
        #expect(text.hasPrefix("{\n  \"hook\": {\n    \"id\": \"6710c4f01a2b3c4d5e6f7081\",\n"), "\(text)")
        #expect(text.hasSuffix("    \"status\": \"success\"\n  }\n}\n"), "\(text)")
        #expect(try JSONParser.parse(Array(text.utf8)) == JSONParser.parse(Deliveries.payload(hookID: "6710c4f01a2b3c4d5e6f7081",
                                                                                                dataID: "6710c3a29e4b1f0c7d2a5e81")))
        #expect(dashboard.takeClipboard() == nil, "taken once")
        let bytes = Deliveries.payload(hookID: "6710c4f01a2b3c4d5e6f7081", dataID: "6710c3a29e4b1f0c7d2a5e81").count
        #expect(try #require(dashboard.screen().last).hasSuffix("copied the payload of #3 (\(bytes) bytes) to the clipboard (OSC 52) "))
    }

    @Test func capitalYCopiesTheFaxIDAndExplainsWhatCannotBeCopied() throws {
        var dashboard = try Self.dashboard()
        dashboard.press("kY")
        #expect(dashboard.takeClipboard() == Array("6710c3a29e4b1f0c7d2a5e81".utf8))
        dashboard.press("ky")
        #expect(dashboard.takeClipboard() == nil)
        #expect(dashboard.state.notice == "the payload of #2 is no longer stored: nothing copied")
        dashboard.press("G")
        dashboard.press("Y")
        #expect(dashboard.state.notice == "a rejected request has no fax id")
        dashboard.clipboardEnabled = false
        dashboard.press("k")
        dashboard.press("y")
        #expect(dashboard.takeClipboard() == nil)
        #expect(dashboard.state.notice == "copying is off (--no-osc52 or osc52 = false in the config file)")
    }

    @Test func theLoopWritesTheCopyToTheTerminalAsOSC52() async throws {
        let rig = try await DashboardLoopTests.Rig()
        _ = try await rig.store.append(DashboardLoopTests.Rig.event(1), receivedAt: Deliveries.baseTime, remote: "127.0.0.1")
        rig.step()
        rig.terminal.pendingInput = [.character("Y")]
        rig.step()
        #expect(rig.terminal.controlSequences == [OSC52.copy(Array("000000000000000000000001".utf8))])
        #expect(rig.terminal.text.contains("copied fax id 000000000000000000000001 to the clipboard (OSC 52)"))
    }
}
