import FaxCore

/// One JSONL line of export.
enum JSONLRow {
    static func line(_ entry: HistoryEntry) -> String {
        switch entry {
        case .event(let stored): return event(stored)
        case .rejection(let rejection): return self.rejection(rejection)
        }
    }

    static func event(_ stored: StoredEvent) -> String {
        let d = stored.delivery, e = d.event
        var fields: [(String, String)] = [
            ("kind", JSONText.quote("event")),
            ("seq", String(d.seq)),
            ("received_at", JSONText.quote(ExportTime.iso8601(d.receivedAt))),
            ("remote", JSONText.quote(d.remote)),
            ("event", JSONText.quote(e.hookEvent)),
            ("hook_id", JSONText.quote(e.hookID)),
            ("data_id", JSONText.quote(e.dataID)),
        ]
        if let from = e.from { fields.append(("from", JSONText.quote(from))) }
        if let to = e.to { fields.append(("to", JSONText.quote(to))) }
        if let status = e.status { fields.append(("status", JSONText.quote(status.raw))) }
        fields += [
            ("attempt", String(stored.attempt)),
            ("delivery_count", String(stored.deliveryCount)),
            ("last_delivery_at", JSONText.quote(ExportTime.iso8601(stored.lastDeliveryAt))),
        ]
        if let payload = embeddable(e.raw) {
            fields.append(("payload", payload))
        } else {
            // Not JSON after all (a store filled by other means): keep the text rather than break the line.
            fields.append(("payload_text", JSONText.quote(String(decoding: e.raw, as: UTF8.self))))
        }
        return object(fields)
    }

    static func rejection(_ r: Rejection) -> String {
        var fields: [(String, String)] = [
            ("kind", JSONText.quote("rejected")),
            ("seq", String(r.seq)),
            ("received_at", JSONText.quote(ExportTime.iso8601(r.receivedAt))),
            ("remote", JSONText.quote(r.remote)),
            ("code", String(r.code)),
            ("reason", JSONText.quote(r.reason)),
        ]
        if let field = r.field { fields.append(("field", JSONText.quote(field))) }
        fields += [
            ("method", JSONText.quote(r.method)),
            ("path", JSONText.quote(r.path)),
            // Bodies that are not UTF-8 get U+FFFD for the bad bytes; `faxtop` keeps the bytes themselves.
            ("body", JSONText.quote(String(decoding: r.body, as: UTF8.self))),
            ("body_truncated", r.bodyTruncated ? "true" : "false"),
        ]
        return object(fields)
    }

    /// The raw payload as one line of JSON text, or nil if it is not JSON.
    ///
    /// An accepted body is valid JSON, where CR and LF can only be whitespace between tokens (inside
    /// strings they must be escaped), so turning them into spaces keeps the value and the line.
    static func embeddable(_ raw: [UInt8]) -> String? {
        // Only bodies the decoder accepted reach the events table, so a full parse here would only
        // cost time (a third of an export); an object's outline is checked against other sources.
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        guard raw.first(where: { !isSpace($0) }) == UInt8(ascii: "{"),
              raw.last(where: { !isSpace($0) }) == UInt8(ascii: "}")
        else { return nil }
        var bytes = raw
        for i in bytes.indices where bytes[i] == 0x0A || bytes[i] == 0x0D { bytes[i] = 0x20 }
        return String(decoding: bytes, as: UTF8.self)
    }

    fileprivate static func object(_ fields: [(String, String)]) -> String {
        var line = "{"
        for (index, (key, value)) in fields.enumerated() {
            if index > 0 { line += "," }
            line += "\"" + key + "\":" + value
        }
        return line + "}\n"
    }
}

/// faxtop's own timestamps in export: ISO 8601 with milliseconds and `Z` (as `FaxTimestamp.iso8601`),
/// built without Foundation string replacement, which took a fifth of an export's time.
enum ExportTime {
    static func iso8601(_ milliseconds: Int64) -> String {
        var millis = milliseconds % 1000
        var seconds = milliseconds / 1000
        if millis < 0 { millis += 1000; seconds -= 1 }
        var bytes = Array(FaxTimestamp.format(seconds).utf8)
        guard bytes.count == 19 else { return FaxTimestamp.iso8601(milliseconds: milliseconds) }
        bytes[10] = UInt8(ascii: "T")
        bytes.append(UInt8(ascii: "."))
        bytes.append(0x30 + UInt8(millis / 100))
        bytes.append(0x30 + UInt8(millis / 10 % 10))
        bytes.append(0x30 + UInt8(millis % 10))
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }
}
