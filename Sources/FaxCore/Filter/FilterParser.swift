import Foundation

/// Parses the filter language; a bad term gives a ``FilterError`` naming it.
public enum FilterParser {
    public static func parse(_ query: String) throws(FilterError) -> Filter {
        var terms: [Filter.Term] = []
        for token in query.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            var text = Substring(token)
            let negated = text.hasPrefix("!")
            if negated { text = text.dropFirst() }
            if text.isEmpty { throw FilterError(term: String(token), message: "'!' must be followed by a term") }
            terms.append(Filter.Term(predicate: try predicate(String(text), token: String(token)), negated: negated))
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
