import FaxCore
import FaxDashboard
import Testing

/// `Enter` on a number: its last faxes, its success rate over the last hour and day, its failures.
@Suite struct NumberDetailTests {
    static func fax(_ seq: Int64, hookID: String, status: String, at receivedAt: Int64) throws -> Delivery {
        let event = try WebhookDecoder().decode(Deliveries.payload(hookID: hookID, status: status))
        return .accepted(AcceptedDelivery(seq: seq, event: event, receivedAt: receivedAt, remote: "127.0.0.1"))
    }

    @Test func enterOnANumberShowsItsFaxesRatesAndFailures() throws {
        let base = Deliveries.baseTime
        // Two failures from the New York number, two days and an hour and a half before the sample's faxes
        // (a failed first attempt and its successful retry from it, a fax received on it).
        let deliveries: [Delivery] = [
            try Self.fax(1, hookID: "a9", status: "failed_no_answer", at: base - 172_800_000),
            try Self.fax(2, hookID: "a0", status: "failed_no_answer", at: base - 5_400_000),
            try Deliveries.accepted(3, hookID: "6710c3a29e4b1f0c7d2a5e81", status: "failed_user_busy"),
            try Deliveries.accepted(4, hookID: "6710c80f5d2e4a9b1c3f7e60", event: "fax_received", from: "+1 646-555-0123",
                                    to: "+1 212-555-0147"),
            try Deliveries.accepted(5, hookID: "6710c4f01a2b3c4d5e6f7081", dataID: "6710c3a29e4b1f0c7d2a5e81", status: "success"),
            Deliveries.rejected(6),
        ]
        var dashboard = try Dashboard.make(deliveries)
        _ = dashboard.screen()
        _ = dashboard.handle(.key(.tab))
        dashboard.press("j")  // the New York number, second by last seen
        _ = dashboard.handle(.key(.enter))
        #expect(dashboard.state.detailOpen)
        let lines = dashboard.screen()
        let detail = lines.map { String($0.dropFirst(90)) }
        #expect(detail[3].hasPrefix("Number +1 212-555-0147"), "\(detail[3])")
        #expect(detail[4].hasPrefix("number        +1 212-555-0147"))
        #expect(detail[5].hasPrefix("faxes         sent 4 · received 1 · pages 15 · cost 15.00"), "\(detail[5])")
        #expect(detail[7].hasPrefix("ok last hour  67%  (2 of 3)"), "\(detail[7])")
        #expect(detail[8].hasPrefix("ok last day   50%  (2 of 4)"), "the fax of two days ago is not in it: \(detail[8])")
        #expect(detail[10].hasPrefix("Failures in the last day"))
        #expect(detail[11].hasPrefix("    ×1 failed_no_answer"), "\(detail[11])")
        #expect(detail[12].hasPrefix("    ×1 failed_user_busy"), "\(detail[12])")
        #expect(detail[14].hasPrefix("Last 5 faxes, newest first"), "\(detail[14])")
        #expect(detail[15].hasPrefix("\(Formatting.clock(base + 5000)) ↗ to   +1 415-555-0199   success "), "\(detail[15])")
        #expect(detail[16].hasPrefix("\(Formatting.clock(base + 4000)) ↙ from +1 646-555-0123   success "), "\(detail[16])")
        #expect(detail[17].contains("↗ to   +1 415-555-0199   failed_user_busy "), "\(detail[17])")
        #expect(detail[19].hasPrefix("\(Formatting.clock(base - 172_800_000)) ↗ to   +1 415-555-0199   failed_no_answer                 a9"),
                "the oldest, two days back, among the last 50: \(detail[19])")
        // j moves to the next number and the detail follows.
        dashboard.press("j")
        #expect(dashboard.screen()[3].dropFirst(90).hasPrefix("Number +1 646-555-0123"))
    }
}
