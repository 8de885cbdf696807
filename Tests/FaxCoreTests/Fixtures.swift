import FaxCore
import FaxTestSupport
import Foundation

/// Decoding the sample payloads of `Tests/Fixtures` (found through `FaxTestSupport.Fixtures`).
extension Fixtures {
    static func valid(_ name: String) throws -> [UInt8] { try bytes("valid/\(name)") }

    static func event(_ name: String) throws -> FaxEvent {
        try WebhookDecoder().decode(valid(name))
    }
}

/// Builders for events and feed records that tests shape by hand.
enum Make {
    static func event(
        hookID: String, dataID: String, event: String = "fax_sent", eventTime: String? = "2026-10-17 09:58:12",
        from: String? = "+1 212-555-0147", to: String? = "+1 415-555-0199", status: String? = "success",
        pages: Int? = 1, cost: Double? = 1, fileName: String? = nil
    ) -> FaxEvent {
        FaxEvent(
            hookID: hookID, hookEvent: event, eventTime: eventTime, dataID: dataID, pages: pages,
            from: from, to: to, fileName: fileName, cost: cost, status: status.map(FaxStatus.init(raw:))
        )
    }

    static func record(
        seq: Int64, _ event: FaxEvent, receivedAt: Int64? = nil, remote: String = "127.0.0.1", deliveryCount: Int = 1
    ) -> FeedRecord {
        FeedRecord(
            AcceptedDelivery(
                seq: seq, event: event, receivedAt: receivedAt ?? 1_792_000_000_000 + seq * 1000, remote: remote
            ),
            deliveryCount: deliveryCount
        )
    }

    static func rejection(
        seq: Int64, code: Int = 422, reason: String = "data.pages: expected a number", remote: String = "10.0.0.9"
    ) -> FeedRecord {
        FeedRecord(Rejection(seq: seq, receivedAt: 1_792_000_000_000 + seq * 1000, remote: remote, code: code, reason: reason))
    }
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}
