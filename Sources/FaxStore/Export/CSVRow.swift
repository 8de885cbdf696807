import Foundation
import FaxCore

/// One CSV record of export (RFC 4180).
enum CSVRow {
    static let columns = [
        "kind", "seq", "received_at", "remote", "event", "hook_id", "data_id", "event_time", "from", "to",
        "status", "pages", "cost", "file_name", "attempt", "delivery_count", "last_delivery_at", "code", "reason",
        // Rejections only; their bodies are in JSONL (they may not be text).
        "field", "method", "path",
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
                ExportTime.iso8601(stored.lastDeliveryAt), "", "", "", "", "",
            ]
        case .rejection(let r):
            values = [
                "rejected", String(r.seq), ExportTime.iso8601(r.receivedAt), r.remote,
                "", "", "", "", "", "", "", "", "", "", "", "", "", String(r.code), r.reason,
                r.field ?? "", r.method, r.path,
            ]
        }
        return values.map(field).joined(separator: ",") + "\r\n"
    }

    /// A field, quoted (with `"` doubled) when it holds a comma, a quote, CR or LF.
    static func field(_ value: String) -> String {
        let value = defused(value)
        guard value.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `value` with a leading `'` when a spreadsheet opening the file would run it as a formula.
    ///
    /// Payload fields come from whoever sends a fax or a webhook (a file name, a caller's number), and
    /// `=HYPERLINK(…)` or `=cmd|…` in one would run when the export is opened in Excel or LibreOffice.
    /// A value starting with `=`, `@`, tab or CR is such a formula; one starting with `+` or `-` only
    /// when it holds more than a number could (so `+1 212-555-0147` and `-2.5` are left as they are).
    static func defused(_ value: String) -> String {
        guard let first = value.utf8.first else { return value }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D:
            return "'" + value
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let numberLike = value.utf8.allSatisfy { byte in
                (0x30...0x39).contains(byte) || " +-().,".utf8.contains(byte)
            }
            return numberLike ? value : "'" + value
        default:
            return value
        }
    }
}
