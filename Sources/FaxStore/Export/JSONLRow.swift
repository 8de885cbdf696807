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
            ("received_at", JSONText.quote(FaxTimestamp.iso8601(milliseconds: d.receivedAt))),
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
            ("last_delivery_at", JSONText.quote(FaxTimestamp.iso8601(milliseconds: stored.lastDeliveryAt))),
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
            ("received_at", JSONText.quote(FaxTimestamp.iso8601(milliseconds: r.receivedAt))),
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
        guard !raw.isEmpty, (try? JSONParser.parse(raw)) != nil else { return nil }
        var bytes = raw
        for i in bytes.indices where bytes[i] == 0x0A || bytes[i] == 0x0D { bytes[i] = 0x20 }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func object(_ fields: [(String, String)]) -> String {
        var line = "{"
        for (index, (key, value)) in fields.enumerated() {
            if index > 0 { line += "," }
            line += "\"" + key + "\":" + value
        }
        return line + "}\n"
    }
}
