import Foundation

/// Parses the filter language; a bad term gives a ``FilterError`` naming it.
public enum FilterParser {
    public static func parse(_ query: String) throws(FilterError) -> Filter {
        var terms: [Filter.Term] = []
        // Split on the space scalar, not on Characters: a space followed by a combining mark is one
        // Character, so a term starting with a mark used to stick to the term before it.
        for scalars in query.unicodeScalars.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            let token = String(String.UnicodeScalarView(scalars))
            // `!` is looked at as a scalar too: with a mark after it, it is not a Character of its own.
            let negated = scalars.first == "!"
            let text = negated ? String(String.UnicodeScalarView(scalars.dropFirst())) : token
            if text.isEmpty { throw FilterError(term: String(token), message: "'!' must be followed by a term") }
            terms.append(Filter.Term(predicate: try predicate(text, token: token), negated: negated))
        }
        return Filter(terms: terms, query: query.trimmingCharacters(in: .whitespaces))
    }

    private static func predicate(_ text: String, token: String) throws(FilterError) -> Filter.Predicate {
        // Words are matched ASCII case-insensitively (see CaseInsensitive), so only ASCII is folded here:
        // Unicode lowercasing would make a word typed exactly as shown ("ÄRZTE") miss its own text.
        guard let colon = text.firstIndex(of: ":") else { return .word(asciiLowercased(text)) }
        let key = text[..<colon].lowercased()
        let value = String(text[text.index(after: colon)...])
        func fail(_ message: String) -> FilterError { FilterError(term: token, message: message) }
        func digits() throws(FilterError) -> String {
            let d = PhoneNumber.digits(value)
            guard !d.isEmpty, d.count == value.filter({ !" +-().".contains($0) }).count else {
                throw fail("\(key): expects digits, e.g. \(key):1555")
            }
            return d
        }
        switch key {
        case "event":
            switch value.lowercased() {
            case "sent", "fax_sent": return .event(.sent)
            case "received", "fax_received": return .event(.received)
            case "other": return .event(.other)
            case "": throw fail("event: expects sent, received, other or an event name")
            case let name: return .event(.named(name))
            }
        case "number": return .number(try digits())
        case "from": return .from(try digits())
        case "to": return .to(try digits())
        case "status":
            guard !value.isEmpty else { throw fail("status: expects a status such as failed or success") }
            return .status(Filter.StatusPrefix(value.lowercased()))
        case "id":
            guard !value.isEmpty else { throw fail("id: expects the start of a hook or data id") }
            return .id(value)
        case "is":
            switch value.lowercased() {
            case "retry": return .isRetry
            case "dup", "duplicate": return .isDuplicate
            case "rejected", "rejection": return .isRejected
            default: throw fail("is: expects retry, dup or rejected")
            }
        default:
            throw fail("unknown field '\(key)': use event, number, from, to, status, id or is")
        }
    }
}

extension FilterParser {
    static func asciiLowercased(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            out.append((0x41...0x5A).contains(scalar.value) ? Unicode.Scalar(scalar.value | 0x20)! : scalar)
        }
        return String(out)
    }
}

/// A filter term that could not be understood.
public struct FilterError: Error, Equatable, Sendable, CustomStringConvertible {
    public var term: String
    public var message: String
    public var description: String { "\(term): \(message)" }
}
