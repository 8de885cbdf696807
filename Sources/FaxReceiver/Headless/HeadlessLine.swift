import FaxCore

/// One delivery as one line of JSON, for `faxtop watch --headless` (DESIGN.md §3 "Headless output").
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
        let event = delivery?.event
        var line = "{\"kind\":\"accepted\",\"seq\":\(seq)"
        line += ",\"event\":\(string(event?.hookEvent)),\"hook_id\":\(string(event?.hookID))"
        line += ",\"data_id\":\(string(event?.dataID)),\"from\":\(string(event?.from)),\"to\":\(string(event?.to))"
        line += ",\"status\":\(string(event?.status?.raw)),\"pages\":\(number(event?.pages))"
        line += ",\"attempt\":\(number(delivery?.attempt)),\"duplicate\":\(duplicate != nil)"
        if let duplicate {
            line += ",\"delivery_count\":\(duplicate.deliveryCount),\"event_seq\":\(duplicate.eventSeq)"
        }
        line += ",\"remote\":\(JSONText.quote(remote)),\"received_at\":\(timestamp(receivedAt))}"
        return line
    }

    private static func string(_ value: String?) -> String { value.map(JSONText.quote) ?? "null" }
    private static func number(_ value: Int?) -> String { value.map(String.init) ?? "null" }
    private static func timestamp(_ milliseconds: Int64) -> String {
        JSONText.quote(FaxTimestamp.iso8601(milliseconds: milliseconds))
    }
}
