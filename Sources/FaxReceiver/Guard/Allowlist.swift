import FaxCore

/// Which client addresses may use the receiver.
///
/// Fax.Plus documents the two addresses its webhooks come from; loopback is allowed by default so a
/// local `faxtop send` or `curl` works. `allowAny` turns the check off (the header warns about it).
public struct Allowlist: Sendable, Equatable {
    /// 34.65.253.117 and 34.65.146.131 (Fax.Plus), 127.0.0.0/8 and ::1 (this machine).
    public static let defaultRanges: [CIDR] = ReceiverDefaults.allow.map { CIDR($0)! }

    public var ranges: [CIDR]
    public var allowAny: Bool

    public init(ranges: [CIDR] = Allowlist.defaultRanges, allowAny: Bool = false) {
        self.ranges = ranges
        self.allowAny = allowAny
    }

    /// Whether `address` may post. An address that could not be read is allowed only with `allowAny`.
    public func allows(_ address: IPAddress?) -> Bool {
        if allowAny { return true }
        guard let address else { return false }
        return ranges.contains { $0.contains(address) }
    }
}
