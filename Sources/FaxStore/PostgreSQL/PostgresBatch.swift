import FaxCore
import Foundation

/// One append batch as the JSON array `faxtop_append` reads (see ``PostgresSchema``).
///
/// PostgreSQL's text (and jsonb) cannot hold U+0000, which a JSON string in a webhook may: such a
/// character is stored as U+FFFD in the text columns; the raw body (bytea) keeps the exact bytes.
enum PostgresBatch {
    enum Item: Sendable {
        case event(FaxEvent, receivedAt: Int64, remote: String)
        case rejection(Rejection)
    }

    static func json(_ items: [Item]) -> String {
        var out = "["
        for (index, item) in items.enumerated() {
            if index > 0 { out += "," }
            switch item {
            case .event(let event, let receivedAt, let remote):
                out += "{\"k\":\"e\",\"at\":\(receivedAt)"
                field("remote", remote, &out)
                field("he", event.hookEvent, &out)
                field("hi", event.hookID, &out)
                field("di", event.dataID, &out)
                field("et", event.eventTime, &out)
                field("tg", event.target, &out)
                field("uid", event.uid, &out)
                if let pages = event.pages { out += ",\"pg\":\(pages)" }
                field("fr", event.from, &out)
                field("to", event.to, &out)
                field("st", event.startTime, &out)
                field("f", event.file, &out)
                field("fn", event.fileName, &out)
                if let cost = event.cost { out += ",\"c\":\(cost)" }
                field("s", event.status?.raw, &out)
                out += ",\"raw\":\"\(Data(event.raw).base64EncodedString())\"}"
            case .rejection(let rejection):
                out += "{\"k\":\"r\",\"at\":\(rejection.receivedAt),\"code\":\(rejection.code)"
                field("remote", rejection.remote, &out)
                field("reason", rejection.reason, &out)
                field("field", rejection.field, &out)
                field("method", rejection.method, &out)
                field("path", rejection.path, &out)
                out += ",\"truncated\":\(rejection.bodyTruncated)"
                out += ",\"body\":\"\(Data(rejection.body).base64EncodedString())\"}"
            }
        }
        return out + "]"
    }

    /// `"name":"value"`, left out for nil (read back as NULL).
    private static func field(_ name: String, _ value: String?, _ out: inout String) {
        guard let value else { return }
        out += ",\"\(name)\":"
        JSONText.appendQuoted(storable(value), to: &out)
    }

    /// `text` as PostgreSQL's text can hold it.
    static func storable(_ text: String) -> String {
        text.utf8.contains(0) ? text.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : text
    }
}
