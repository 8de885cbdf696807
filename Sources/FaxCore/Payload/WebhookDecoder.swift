/// Turns a webhook body into a ``FaxEvent`` or says precisely why it cannot.
///
/// Required: `hook.id`, `hook.event`, `data.id`; for `fax_sent`/`fax_received` also `data.status`.
/// Everything else is optional but, when present, must have the documented type. Tolerated:
/// `from_number`/`to_number` (the SDK's spelling), decimal `pages`/`cost`, extra fields (kept in the raw
/// body), any Content-Type.
public struct WebhookDecoder: Sendable {
    public var maxDepth: Int

    public init(maxDepth: Int = JSONParser.defaultMaxDepth) {
        self.maxDepth = maxDepth
    }

    public func decode(_ body: [UInt8]) throws(PayloadError) -> FaxEvent {
        if body.isEmpty { throw PayloadError(kind: .malformed, message: "empty body: expected a JSON object with hook and data") }
        let root: JSONValue
        do {
            root = try JSONParser.parse(body, maxDepth: maxDepth)
        } catch {
            if let path = error.path {
                // Well-formed JSON holding a value faxtop cannot keep: the payload is wrong, not the JSON.
                throw PayloadError(kind: .invalid, message: "\(error.message) (at byte \(error.offset))",
                                   field: path.isEmpty ? nil : path)
            }
            throw PayloadError(kind: .malformed, message: "\(error.message) (at byte \(error.offset))")
        }
        guard case .object = root else {
            throw PayloadError(kind: .invalid, message: "expected a JSON object with hook and data, got \(root.typeName)")
        }
        let hook = try object(root, "hook", path: "hook")
        let data = try object(root, "data", path: "data")

        let hookEvent = try key(hook, "event", path: "hook.event")
        let kind = EventKind(hookEvent: hookEvent)
        let isFax = kind != .other(hookEvent)

        var event = FaxEvent(
            hookID: try key(hook, "id", path: "hook.id"),
            hookEvent: hookEvent,
            dataID: try key(data, "id", path: "data.id"),
            raw: body
        )
        event.eventTime = try timestamp(hook, "event_time", path: "hook.event_time")
        event.target = try optionalString(hook, "target", path: "hook.target")
        event.uid = try optionalString(data, "uid", path: "data.uid")
        event.pages = try pages(data)
        event.from = try number(data, names: ["from", "from_number"], path: "data.from")
        event.to = try number(data, names: ["to", "to_number"], path: "data.to")
        event.startTime = try timestamp(data, "start_time", path: "data.start_time")
        event.file = try optionalString(data, "file", path: "data.file")
        event.fileName = try optionalString(data, "file_name", path: "data.file_name")
        event.cost = try cost(data)
        if isFax {
            event.status = FaxStatus(raw: try requiredString(data, "status", path: "data.status"))
        } else {
            event.status = try optionalString(data, "status", path: "data.status").map(FaxStatus.init(raw:))
        }
        return event
    }

    private func invalid(_ path: String, _ message: String) -> PayloadError {
        PayloadError(kind: .invalid, message: message, field: path)
    }

    private func object(_ parent: JSONValue, _ key: String, path: String) throws(PayloadError) -> JSONValue {
        guard let value = parent[key] else { throw invalid(path, "required field is missing") }
        guard case .object = value else { throw invalid(path, "expected an object, got \(value.typeName)") }
        return value
    }

    /// Fax.Plus's ids are 24 to 32 characters. The three key fields together form the journal's
    /// unique key, and PostgreSQL's index refuses an entry of more than about 2.7 KB: a longer id is
    /// refused here, for every journal alike, rather than failing its store.
    public static let maxKeyBytes = 512

    /// A required string that is part of the delivery's key.
    private func key(_ parent: JSONValue, _ key: String, path: String) throws(PayloadError) -> String {
        let text = try requiredString(parent, key, path: path)
        if text.utf8.count > Self.maxKeyBytes { throw invalid(path, "longer than \(Self.maxKeyBytes) bytes") }
        return text
    }

    private func requiredString(_ parent: JSONValue, _ key: String, path: String) throws(PayloadError) -> String {
        guard let text = try optionalString(parent, key, path: path) else { throw invalid(path, "required field is missing") }
        if text.isEmpty { throw invalid(path, "must not be empty") }
        return text
    }

    /// A missing field and an explicit `null` both mean "not given".
    private func optionalString(_ parent: JSONValue, _ key: String, path: String) throws(PayloadError) -> String? {
        switch parent[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw invalid(path, "expected a string, got \(other.typeName)")
        }
    }

    private func timestamp(_ parent: JSONValue, _ key: String, path: String) throws(PayloadError) -> String? {
        guard let text = try optionalString(parent, key, path: path) else { return nil }
        guard FaxTimestamp.parse(text) != nil else {
            throw invalid(path, "expected a time as \"YYYY-MM-DD HH:mm:ss\", got \"\(text.prefix(40))\"")
        }
        return text
    }

    /// Numbers are strings in the documentation; a bare JSON number is accepted too (some relays
    /// strip the `+`), written back as its literal digits.
    private func number(_ parent: JSONValue, names: [String], path: String) throws(PayloadError) -> String? {
        for name in names {
            switch parent[name] {
            case nil, .null?: continue
            case .string(let text)?: return text
            case .number(_, let literal)?: return literal
            case let other?: throw invalid("data.\(name)", "expected a string, got \(other.typeName)")
            }
        }
        return nil
    }

    private func pages(_ data: JSONValue) throws(PayloadError) -> Int? {
        switch data["pages"] {
        case nil, .null?: return nil
        case .number(let value, _)?:
            guard value >= 0, value <= 100_000 else { throw invalid("data.pages", "must be between 0 and 100000, got \(value)") }
            guard value.rounded() == value else { throw invalid("data.pages", "expected a whole number of pages, got \(value)") }
            return Int(value)
        case let other?: throw invalid("data.pages", "expected a number, got \(other.typeName)")
        }
    }

    private func cost(_ data: JSONValue) throws(PayloadError) -> Double? {
        switch data["cost"] {
        case nil, .null?: return nil
        case .number(let value, _)?: return value
        case let other?: throw invalid("data.cost", "expected a number, got \(other.typeName)")
        }
    }
}
