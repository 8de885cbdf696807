/// A strict RFC 8259 JSON parser over bytes with bounded cost.
///
/// Limits exist because the receiver faces the internet: nesting is capped (a body of `[[[[...`
/// must not exhaust the stack), numbers must be finite doubles (`1e400` is an error, not infinity),
/// and input must be valid UTF-8. Every error carries the byte offset so the sender can find it.
public struct JSONParser {
    public struct Failure: Error, Equatable, Sendable {
        public var message: String
        public var offset: Int
        /// Where in the document a well-formed value was refused (`data.cost`, `data.items[2]`): set for
        /// a number beyond a double's range, which is valid JSON but not a value faxtop can hold.
        /// Nil for a syntax error.
        public var path: String?

        public init(message: String, offset: Int, path: String? = nil) {
            self.message = message
            self.offset = offset
            self.path = path
        }
    }

    public static let defaultMaxDepth = 64

    private let bytes: [UInt8]
    private var index = 0
    private let maxDepth: Int
    /// The first number past a double's range: the document is still read to its end, so that a
    /// syntax error after it is reported as such (400), and only a well-formed body gets the 422.
    private var firstOutOfRange: (offset: Int, literal: String)?

    private init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    /// Parses one JSON document; anything but whitespace after it is an error.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(Failure) -> JSONValue {
        var parser = JSONParser(bytes: bytes, maxDepth: maxDepth)
        parser.skipWhitespace()
        if parser.index == bytes.count { throw Failure(message: "empty body", offset: 0) }
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if parser.index != bytes.count {
            throw Failure(message: "unexpected data after the JSON document", offset: parser.index)
        }
        if let (offset, literal) = parser.firstOutOfRange {
            throw Failure(message: "number \(literal.prefix(32)) is out of range", offset: offset,
                          path: Self.pathOfFirstNonFinite(in: value) ?? "")
        }
        return value
    }

    /// The path of the first number that is not finite, in document order (the parser keeps such
    /// numbers as infinities so the walk can find them; only done for a body that has one).
    private static func pathOfFirstNonFinite(in value: JSONValue, at path: String = "") -> String? {
        switch value {
        case .number(let number, _): return number.isFinite ? nil : path
        case .array(let elements):
            for (i, element) in elements.enumerated() {
                if let found = pathOfFirstNonFinite(in: element, at: "\(path)[\(i)]") { return found }
            }
            return nil
        case .object(let members):
            for member in members {
                let child = path.isEmpty ? member.key : "\(path).\(member.key)"
                if let found = pathOfFirstNonFinite(in: member.value, at: child) { return found }
            }
            return nil
        case .null, .bool, .string: return nil
        }
    }

    private func fail(_ message: String, at offset: Int? = nil) -> Failure {
        Failure(message: message, offset: offset ?? index)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(Failure) -> JSONValue {
        guard index < bytes.count else { throw fail("truncated JSON: unexpected end of body") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw fail("invalid JSON: unexpected character \(Self.describe(bytes[index]))")
        }
    }

    private static func describe(_ byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "0x" + String(byte, radix: 16, uppercase: true)
    }

    private mutating func expectLiteral(_ word: StaticString) throws(Failure) {
        let start = index
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw fail("truncated JSON: unexpected end of body", at: start) }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
        for i in 0..<count where bytes[index + i] != expected[i] {
            throw fail("invalid JSON: unknown literal", at: start)
        }
        index += count
    }

    private mutating func parseObject(depth: Int) throws(Failure) -> JSONValue {
        if depth > maxDepth { throw fail("JSON nested deeper than \(maxDepth) levels") }
        index += 1
        var members: [(key: String, value: JSONValue)] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw fail("truncated JSON: unexpected end of body") }
            guard bytes[index] == UInt8(ascii: "\"") else { throw fail("invalid JSON: expected a member name in quotes") }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count else { throw fail("truncated JSON: unexpected end of body") }
            guard bytes[index] == UInt8(ascii: ":") else { throw fail("invalid JSON: expected ':' after member name") }
            index += 1
            skipWhitespace()
            members.append((key, try parseValue(depth: depth)))
            skipWhitespace()
            guard index < bytes.count else { throw fail("truncated JSON: unexpected end of body") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return .object(members)
            default: throw fail("invalid JSON: expected ',' or '}' in object")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(Failure) -> JSONValue {
        if depth > maxDepth { throw fail("JSON nested deeper than \(maxDepth) levels") }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard index < bytes.count else { throw fail("truncated JSON: unexpected end of body") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return .array(elements)
            default: throw fail("invalid JSON: expected ',' or ']' in array")
            }
        }
    }

    private mutating func parseNumber() throws(Failure) -> JSONValue {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw fail("truncated JSON: unexpected end of body") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if isDigit(bytes[index]) {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        } else {
            throw fail("invalid JSON: malformed number", at: start)
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            try expectDigitAfterNumberPart(start: start)
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            try expectDigitAfterNumberPart(start: start)
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        // The grammar above admits only ASCII digits, signs, '.', 'e': always valid UTF-8.
        let literal = String(decoding: bytes[start..<index], as: UTF8.self)
        // The grammar has been checked, so Double's parse can only overflow (to infinity).
        let value = Double(literal) ?? .infinity
        if !value.isFinite, firstOutOfRange == nil { firstOutOfRange = (start, literal) }
        return .number(value, literal: literal)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// After `.`, `e` or an exponent sign a digit must follow; a body that ends there was cut short.
    private func expectDigitAfterNumberPart(start: Int) throws(Failure) {
        guard index < bytes.count else { throw fail("truncated JSON: unexpected end of body") }
        guard isDigit(bytes[index]) else { throw fail("invalid JSON: malformed number", at: start) }
    }

    private mutating func parseString() throws(Failure) -> String {
        let start = index
        index += 1
        var text = ""
        var runStart = index
        var runIsASCII = true
        func flushRun(_ end: Int) throws(Failure) {
            guard runStart < end else { return }
            let run: String
            if runIsASCII {
                // ASCII is valid UTF-8 as it stands. `String(validating:as:)` is generic and, not
                // specialized for us, looked up type metadata on every call: 3% of the receiver's CPU.
                run = bytes.withUnsafeBufferPointer { all in
                    String(decoding: UnsafeBufferPointer(rebasing: all[runStart..<end]), as: UTF8.self)
                }
            } else {
                guard let valid = String(validating: bytes[runStart..<end], as: UTF8.self) else {
                    throw Failure(message: "body is not valid UTF-8", offset: runStart)
                }
                run = valid
            }
            // Most strings have no escapes: then this is the whole string, made in one step.
            if text.isEmpty { text = run } else { text += run }
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                try flushRun(index)
                index += 1
                return text
            case UInt8(ascii: "\\"):
                try flushRun(index)
                index += 1
                text.unicodeScalars.append(try parseEscape())
                runStart = index
                runIsASCII = true
            case 0x00..<0x20:
                throw fail("invalid JSON: raw control character in string (must be escaped)")
            case 0x80...:
                runIsASCII = false
                index += 1
            default:
                index += 1
            }
        }
        throw fail("truncated JSON: unterminated string", at: start)
    }

    private mutating func parseEscape() throws(Failure) -> Unicode.Scalar {
        guard index < bytes.count else { throw fail("truncated JSON: unexpected end of body") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let first = try parseHex4()
            if (0xD800...0xDBFF).contains(first) {
                // A high surrogate must be followed by an escaped low surrogate.
                if index + 1 >= bytes.count, bytes[index...].allSatisfy({ $0 == UInt8(ascii: "\\") }) {
                    throw fail("truncated JSON: unexpected end of body")
                }
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw fail("invalid JSON: unpaired surrogate in \\u escape")
                }
                index += 2
                let second = try parseHex4()
                guard (0xDC00...0xDFFF).contains(second) else { throw fail("invalid JSON: unpaired surrogate in \\u escape") }
                let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                return Unicode.Scalar(combined)!
            }
            guard let scalar = Unicode.Scalar(first) else { throw fail("invalid JSON: unpaired surrogate in \\u escape") }
            return scalar
        default:
            throw fail("invalid JSON: unknown escape \\\(Self.describe(byte))", at: index - 2)
        }
    }

    private mutating func parseHex4() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail("truncated JSON: unexpected end of body") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw fail("invalid JSON: bad hex digit in \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }
}
