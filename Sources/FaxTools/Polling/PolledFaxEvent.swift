import FaxCore

/// How a listed fax becomes a journal event: a payload in the webhook's shape with the fields the
/// list has, decoded by the same decoder as a webhook, the API's record kept beside it under `api`.
///
/// The key: a fax seen for the first time is journaled as the first attempt of its fax session
/// (`hook.id` = `data.id` = the fax id), which is exactly the key of the first webhook for that fax.
/// So a webhook and a poll of the same fax are one event with two deliveries, whichever comes first,
/// on every backend, with no change to how the store decides what is a repeat. A later change of
/// status is a further attempt in the same chain (`hook.id` = `<id>@<last_update>`), so the change
/// shows and the diff of the two attempts says what changed.
public enum PolledFaxEvent {
    /// Shown in the detail pane: the one case where one fax can be two events.
    static let note = "listed by the Fax.Plus API; its webhook is the same event when the webhook's data.id is this fax id, which Fax.Plus does not promise: under another id it shows as a second event"

    /// `fax_sent` for an outgoing fax, `fax_received` for an incoming one; without a direction, by
    /// the category it was listed under.
    public static func hookEvent(for fax: FaxPlusFax, category: String) -> String {
        switch fax.direction {
        case "outgoing": return "fax_sent"
        case "incoming": return "fax_received"
        default: return category == "sent" ? "fax_sent" : "fax_received"
        }
    }

    /// The payload for `fax`; `news` says whether it is the first sighting or a change.
    public static func payload(_ fax: FaxPlusFax, category: String, news: FaxSightings.News, source: String) -> [UInt8] {
        let hookID = news == .new ? fax.id : "\(fax.id)@\(fax.lastUpdate ?? fax.status ?? "changed")"
        var hook = "\"id\":\(JSONText.quote(hookID)),\"event\":\(JSONText.quote(hookEvent(for: fax, category: category)))"
        if let time = fax.lastUpdate ?? fax.startTime { hook += ",\"event_time\":\(JSONText.quote(time))" }
        var data = "\"id\":\(JSONText.quote(fax.id))"
        func add(_ name: String, _ value: String?) {
            if let value { data += ",\"\(name)\":\(JSONText.quote(value))" }
        }
        if let pages = fax.pages { data += ",\"pages\":\(pages)" }
        add("from", fax.from)
        add("to", fax.to)
        add("start_time", fax.startTime)
        add("file", fax.file)
        add("file_name", fax.fileName)
        // A webhook's `cost` counts pages; the list's is money, so it stays under `api` only.
        add("status", fax.status ?? "unknown")
        let record = fax.record.isEmpty ? "{}" : String(decoding: fax.record, as: UTF8.self)
        let body = "{\"hook\":{\(hook)},\"data\":{\(data)},\"source\":\(JSONText.quote(source)),\"category\":\(JSONText.quote(category)),"
            + "\"note\":\(JSONText.quote(note)),\"api\":\(record)}"
        return Array(body.utf8)
    }

    /// The event to journal for `fax`.
    public static func event(_ fax: FaxPlusFax, category: String, news: FaxSightings.News,
                             source: String) throws(PayloadError) -> FaxEvent {
        try WebhookDecoder().decode(payload(fax, category: category, news: news, source: source))
    }
}
