/// A parsed JSON value.
///
/// faxtop parses webhook bodies with its own small parser (``JSONParser``) rather than Foundation's,
/// so that hostile input has bounded cost (nesting depth, number range) and every failure can name
/// the byte offset where it happened.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number, with the literal text as it appeared in the body (so `1.0` stays `1.0` when echoed).
    case number(Double, literal: String)
    case string(String)
    case array([JSONValue])
    /// Members in document order; a key that repeats keeps its last value on lookup, as most parsers do.
    case object([(key: String, value: JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a, _), .number(b, _)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// The value of the last member named `key`, if this is an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last(where: { $0.key == key })?.value
    }

    /// A short name of the value's type, for error messages ("expected a number, got a string").
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
