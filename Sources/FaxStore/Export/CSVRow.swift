import Foundation
import FaxCore

/// One CSV record of export (RFC 4180).
enum CSVRow {
    static let columns = [
        "kind", "seq", "received_at", "remote", "event", "hook_id", "data_id", "event_time", "from", "to",
        "status", "pages", "cost", "file_name", "attempt", "delivery_count", "last_delivery_at", "code", "reason",
    ]

    static let header = columns.joined(separator: ",") + "\r\n"

    static func line(_ entry: HistoryEntry) -> String {
        let values: [String]
        switch entry {
        case .event(let stored):
            let d = stored.delivery, e = d.event
            values = [
                "event", String(d.seq), ExportTime.iso8601(d.receivedAt), d.remote, e.hookEvent,
                e.hookID, e.dataID, e.eventTime ?? "", e.from ?? "", e.to ?? "", e.status?.raw ?? "",
                e.pages.map(String.init) ?? "", e.cost.map(JSONText.number) ?? "", e.fileName ?? "",
                String(stored.attempt), String(stored.deliveryCount),
                ExportTime.iso8601(stored.lastDeliveryAt), "", "",
            ]
        case .rejection(let r):
            values = [
                "rejected", String(r.seq), ExportTime.iso8601(r.receivedAt), r.remote,
                "", "", "", "", "", "", "", "", "", "", "", "", "", String(r.code), r.reason,
            ]
        }
        return values.map(field).joined(separator: ",") + "\r\n"
    }

    /// A field, quoted (with `"` doubled) when it holds a comma, a quote, CR or LF.
    static func field(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
