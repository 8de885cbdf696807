import FaxCore

/// One delivery as one line of JSON, for `faxtop watch --headless` (ARCHITECTURE.md, "Headless JSON lines").
///
/// Accepted and rejected lines have exactly the documented keys, in the documented order. A repeated
/// delivery is an `accepted` line with `"duplicate":true`, the fields of the event it repeats, and two
/// more keys after `duplicate`: `delivery_count` (how often the event has now arrived) and `event_seq`
/// (the stored event's `seq`; the line's own `seq` is the repeat's place in the journal). Strings are
/// JSON-escaped, so no control character from a payload reaches the terminal raw.
public enum HeadlessLine {
    /// - Parameters:
    ///   - delivery: what the store committed.
    ///   - original: for a duplicate, the accepted delivery it repeats (look it up by `eventSeq`);
    ///     when nil, the event fields are `null`.
    /// - Returns: the line, without a trailing newline.
    public static func format(_ delivery: Delivery, original: AcceptedDelivery? = nil) -> String {
        switch delivery {
        case .accepted(let accepted):
            return acceptedLine(seq: accepted.seq, event: accepted, duplicate: nil,
                                remote: accepted.remote, receivedAt: accepted.receivedAt)
        case .duplicate(let repeated):
            return acceptedLine(seq: repeated.seq, event: original, duplicate: repeated,
                                remote: repeated.remote, receivedAt: repeated.receivedAt)
        case .rejected(let rejection):
            return "{\"kind\":\"rejected\",\"code\":\(rejection.code),\"reason\":\(JSONText.quote(rejection.reason)),"
                + "\"remote\":\(JSONText.quote(rejection.remote)),\"received_at\":\(timestamp(rejection.receivedAt))}"
        }
    }

    private static func acceptedLine(
        seq: Int64, event delivery: AcceptedDelivery?, duplicate: DuplicateDelivery?, remote: String, receivedAt: Int64
    ) -> String {
        // Appended piece by piece into one buffer: a line per webhook, built on the printer thread
        // while the receiver needs the same two cores.
        let event = delivery?.event
        var line = "{\"kind\":\"accepted\",\"seq\":"
        line.reserveCapacity(384)
        line += String(seq)
        line += ",\"event\":"
        appendString(event?.hookEvent, to: &line)
        line += ",\"hook_id\":"
        appendString(event?.hookID, to: &line)
        line += ",\"data_id\":"
        appendString(event?.dataID, to: &line)
        line += ",\"from\":"
        appendString(event?.from, to: &line)
        line += ",\"to\":"
        appendString(event?.to, to: &line)
        line += ",\"status\":"
        appendString(event?.status?.raw, to: &line)
        line += ",\"pages\":"
        line += number(event?.pages)
        line += ",\"attempt\":"
        line += number(delivery?.attempt)
        line += duplicate != nil ? ",\"duplicate\":true" : ",\"duplicate\":false"
        if let duplicate {
            line += ",\"delivery_count\":\(duplicate.deliveryCount),\"event_seq\":\(duplicate.eventSeq)"
        }
        line += ",\"remote\":"
        JSONText.appendQuoted(remote, to: &line)
        line += ",\"received_at\":"
        line += timestamp(receivedAt)
        line += "}"
        return line
    }

    private static func appendString(_ value: String?, to line: inout String) {
        if let value { JSONText.appendQuoted(value, to: &line) } else { line += "null" }
    }

    private static func number(_ value: Int?) -> String { value.map(String.init) ?? "null" }
    private static func timestamp(_ milliseconds: Int64) -> String {
        JSONText.quote(FaxTimestamp.iso8601(milliseconds: milliseconds))
    }
}
