import Foundation

/// An address range such as `34.65.253.117/32` or `2001:db8::/32`.
///
/// An address without a length means just that address (`/32` or `/128`). Host bits set below the
/// prefix are cleared (`10.1.2.3/8` is `10.0.0.0/8`). An IPv4-mapped IPv6 range of length 96 or more
/// (`::ffff:10.0.0.0/104`) is the IPv4 range it maps, matching how ``IPAddress`` reads such addresses.
public struct CIDR: Hashable, Sendable, CustomStringConvertible {
    public let network: IPAddress
    public let prefixLength: Int

    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        public let text: String
        public let problem: String
        public var description: String { "not an address range: \(text) (\(problem))" }
    }

    /// Parses a range, or nil if `text` is not one. ``parse(_:)`` says what is wrong.
    public init?(_ text: String) {
        guard let parsed = try? Self.parse(text) else { return nil }
        self = parsed
    }

    public init(network: IPAddress, prefixLength: Int) {
        let bits = network.bytes.count * 8
        let length = min(max(prefixLength, 0), bits)
        self.network = IPAddress(bytes: Self.mask(network.bytes, length))!  // masking keeps the length
        self.prefixLength = length
    }

    public static func parse(_ text: String) throws(ParseError) -> CIDR {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw ParseError(text: text, problem: "more than one /") }
        let addressText = String(parts[0])
        guard let address = IPAddress(addressText) else {
            throw ParseError(text: text, problem: "\(addressText) is not an IPv4 or IPv6 address")
        }
        let writtenAsV6 = addressText.contains(":")
        let writtenBits = writtenAsV6 ? 128 : 32
        var length = writtenBits
        if parts.count == 2 {
            guard let value = Int(parts[1]), (0...writtenBits).contains(value) else {
                throw ParseError(text: text, problem: "the length must be 0…\(writtenBits)")
            }
            length = value
        }
        if writtenAsV6, address.family == .v4 {
            guard length >= 96 else {
                throw ParseError(text: text, problem: "an IPv4-mapped range needs a length of at least 96")
            }
            length -= 96
        }
        return CIDR(network: address, prefixLength: length)
    }

    public func contains(_ address: IPAddress) -> Bool {
        guard address.family == network.family else { return false }
        return Self.mask(address.bytes, prefixLength) == network.bytes
    }

    public var description: String { "\(network)/\(prefixLength)" }

    private static func mask(_ bytes: [UInt8], _ length: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let keep = min(max(length - index * 8, 0), 8)
            return keep == 8 ? byte : byte & ~(UInt8(0xFF) >> keep)
        }
    }
}
