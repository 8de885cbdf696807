import Foundation

/// An IPv4 or IPv6 address, parsed without the C library so the rules are the same on every platform.
///
/// IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`, what a dual-stack socket reports for an IPv4 peer)
/// become the IPv4 address they carry, so one IPv4 allowlist entry covers both spellings.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    public enum Family: Sendable { case v4, v6 }

    /// 4 bytes for IPv4, 16 for IPv6, network order.
    public let bytes: [UInt8]

    public var family: Family { bytes.count == 4 ? .v4 : .v6 }

    /// Parses `1.2.3.4`, `2001:db8::1`, `::ffff:1.2.3.4` and `fe80::1%eth0` (the zone is dropped).
    public init?(_ text: String) {
        if text.utf8.contains(UInt8(ascii: ":")) {  // a byte test, not Foundation's string search (hot path)
            var body = Substring(text)
            if let percent = body.firstIndex(of: "%") { body = body[..<percent] }
            guard let bytes = Self.parseV6(body) else { return nil }
            if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
                self.bytes = Array(bytes[12..<16])
            } else {
                self.bytes = bytes
            }
        } else {
            guard let bytes = Self.parseV4(Substring(text)) else { return nil }
            self.bytes = bytes
        }
    }

    /// An address from its 4 (IPv4) or 16 (IPv6) bytes in network order; nil for any other length. An
    /// IPv4-mapped IPv6 address (`::ffff:10.0.0.1`, what a dual-stack socket reports for an IPv4 peer)
    /// is its IPv4 address, as when parsed from text, so IPv4 ranges match it.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        if bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            self.bytes = Array(bytes[12..<16])
        } else {
            self.bytes = bytes
        }
    }

    /// Dotted quad, or RFC 5952 text for IPv6 (lower case, longest zero run as `::`).
    public var description: String {
        if bytes.count == 4 { return Self.dottedQuad(bytes) }
        let groups = stride(from: 0, to: 16, by: 2).map { Int(bytes[$0]) << 8 | Int(bytes[$0 + 1]) }
        var bestStart = -1, bestLength = 0, runStart = -1
        for (index, group) in groups.enumerated() {
            if group == 0 {
                if runStart < 0 { runStart = index }
                let length = index - runStart + 1
                if length > bestLength { bestStart = runStart; bestLength = length }
            } else {
                runStart = -1
            }
        }
        func hex(_ slice: ArraySlice<Int>) -> String { slice.map { String($0, radix: 16) }.joined(separator: ":") }
        guard bestLength >= 2 else { return hex(groups[...]) }
        return hex(groups[..<bestStart]) + "::" + hex(groups[(bestStart + bestLength)...])
    }

    /// Written byte by byte: every request names its peer, and `map(String.init).joined` allocated
    /// five strings for it.
    private static func dottedQuad(_ bytes: [UInt8]) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(15)
        for (index, byte) in bytes.enumerated() {
            if index > 0 { text.append(UInt8(ascii: ".")) }
            if byte >= 100 { text.append(UInt8(ascii: "0") + byte / 100) }
            if byte >= 10 { text.append(UInt8(ascii: "0") + byte / 10 % 10) }
            text.append(UInt8(ascii: "0") + byte % 10)
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Byte by byte: every request's peer goes through here, and splitting into substrings and testing
    /// characters cost 2% of the receiver's CPU.
    private static func parseV4(_ text: Substring) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4)
        var value = 0, digits = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                // Leading zeros are refused: some parsers read them as octal, so their meaning is unclear.
                if digits == 1, value == 0 { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
                guard digits <= 3, value <= 255 else { return nil }
            case UInt8(ascii: "."):
                guard digits > 0, bytes.count < 3 else { return nil }
                bytes.append(UInt8(value))
                value = 0
                digits = 0
            default:
                return nil
            }
        }
        guard digits > 0, bytes.count == 3 else { return nil }
        bytes.append(UInt8(value))
        return bytes
    }

    private static func parseV6(_ text: Substring) -> [UInt8]? {
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        guard let head = parseGroups(Substring(halves[0]), allowV4Tail: halves.count == 1) else { return nil }
        if halves.count == 1 {
            return head.count == 16 ? head : nil
        }
        guard let tail = parseGroups(Substring(halves[1]), allowV4Tail: true),
              head.count + tail.count <= 14
        else { return nil }
        return head + [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail
    }

    /// Colon-separated hex groups as bytes; the last group may be a dotted IPv4 address.
    private static func parseGroups(_ text: Substring, allowV4Tail: Bool) -> [UInt8]? {
        if text.isEmpty { return [] }
        let groups = text.split(separator: ":", omittingEmptySubsequences: false)
        var bytes: [UInt8] = []
        for (index, group) in groups.enumerated() {
            if group.utf8.contains(UInt8(ascii: ".")) {
                guard allowV4Tail, index == groups.count - 1, let v4 = parseV4(group) else { return nil }
                bytes += v4
            } else {
                guard (1...4).contains(group.count), group.allSatisfy(\.isHexDigit), let value = UInt16(group, radix: 16)
                else { return nil }
                bytes += [UInt8(value >> 8), UInt8(value & 0xFF)]
            }
        }
        return bytes
    }
}
