import FaxCore
import FaxDashboard
import Foundation

/// Builds deliveries the way the receiver would, from fixture-shaped payloads.
enum Deliveries {
    static let baseTime: Int64 = 1_795_000_000_000  // a fixed "now" in milliseconds

    static func payload(hookID: String, dataID: String? = nil, event: String = "fax_sent", from: String = "+1 212-555-0147",
                        to: String = "+1 415-555-0199", status: String = "success", pages: Int = 3,
                        eventTime: String = "2026-10-17 09:58:12", fileName: String = "fax-to-14155550199") -> [UInt8] {
        let json = """
            {"hook":{"id":\(JSONText.quote(hookID)),"event":\(JSONText.quote(event)),"event_time":\(JSONText.quote(eventTime)),"target":"https://hooks.example.com/faxplus"},\
            "data":{"id":\(JSONText.quote(dataID ?? hookID)),"uid":"7c1e2f9a4b3d4e5f8a6b0c1d2e3f4a5b","pages":\(pages),"from":\(JSONText.quote(from)),\
            "to":\(JSONText.quote(to)),"start_time":"2026-10-17 09:56:40","file":"0a9b.tiff","file_name":\(JSONText.quote(fileName)),"cost":\(pages),"status":\(JSONText.quote(status))}}
            """
        return Array(json.utf8)
    }

    static func accepted(_ seq: Int64, hookID: String, dataID: String? = nil, event: String = "fax_sent",
                         from: String = "+1 212-555-0147", to: String = "+1 415-555-0199", status: String = "success",
                         eventTime: String = "2026-10-17 09:58:12", fileName: String = "fax-to-14155550199") throws -> Delivery {
        let body = payload(hookID: hookID, dataID: dataID, event: event, from: from, to: to, status: status,
                           eventTime: eventTime, fileName: fileName)
        let event = try WebhookDecoder().decode(body)
        return .accepted(AcceptedDelivery(seq: seq, event: event, receivedAt: baseTime + seq * 1000, remote: "127.0.0.1"))
    }

    static func rejected(_ seq: Int64, code: Int = 422, reason: String = "data.pages: expected a number, got a string",
                         body: String = "{}") -> Delivery {
        .rejected(Rejection(seq: seq, receivedAt: baseTime + seq * 1000, remote: "203.0.113.9", code: code,
                            reason: reason, body: Array(body.utf8)))
    }

    /// A small, varied history: sent and received, a failed first attempt and its successful retry,
    /// a repeated delivery and a rejection.
    static func sample() throws -> [Delivery] {
        try [
            accepted(1, hookID: "6710c3a29e4b1f0c7d2a5e81", status: "failed_user_busy", eventTime: "2026-10-17 09:58:12"),
            accepted(2, hookID: "6710c80f5d2e4a9b1c3f7e60", event: "fax_received", from: "+1 646-555-0123",
                     to: "+1 212-555-0147", eventTime: "2026-10-17 10:00:00"),
            accepted(3, hookID: "6710c4f01a2b3c4d5e6f7081", dataID: "6710c3a29e4b1f0c7d2a5e81", status: "success",
                     eventTime: "2026-10-17 10:04:30"),
            .duplicate(DuplicateDelivery(seq: 4, eventSeq: 2, deliveryCount: 2, receivedAt: baseTime + 4000, remote: "127.0.0.1")),
            rejected(5),
        ]
    }
}

extension Dashboard {
    /// A dashboard showing `deliveries` (the sample when nil).
    static func make(_ deliveries: [Delivery]? = nil, bodies: [Int64: [UInt8]] = [:]) throws -> Dashboard {
        var dashboard = Dashboard(info: ReceiverInfo(url: "http://127.0.0.1:8080/webhook", access: "allow 4 CIDRs",
                                                     store: "store ok"),
                                  rawBody: { bodies[$0] })
        dashboard.apply(try deliveries ?? Deliveries.sample())
        return dashboard
    }

    mutating func screen(rows: Int = 45, cols: Int = 160) -> [String] {
        render(size: TerminalSize(rows: rows, cols: cols), now: Deliveries.baseTime + 60_000).lines
    }

    mutating func press(_ keys: String) {
        for character in keys { _ = handle(.character(character)) }
    }
}

extension Array where Element == String {
    /// The first line containing `text`, or nil.
    func line(containing text: String) -> String? { first { $0.contains(text) } }
    func contains(text: String) -> Bool { contains { $0.contains(text) } }
}
