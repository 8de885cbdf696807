/// The shared secret a sender must present, as the last path segment (`/webhook/SECRET`) or as
/// `?token=SECRET`.
///
/// The comparison takes the same time whatever is presented (it depends only on the expected token's
/// length), so response timing does not leak how much of a guess was right. The token is never shown
/// in full: ``masked`` is what the header and logs use.
public struct TokenCheck: Sendable {
    private let expected: [UInt8]

    /// nil when `token` is nil or empty: no token is required.
    public init?(token: String?) {
        guard let token, !token.isEmpty else { return nil }
        self.expected = Array(token.utf8)
    }

    public func matches(_ presented: String?) -> Bool {
        let given = Array((presented ?? "").utf8)
        var difference: UInt8 = given.count == expected.count ? 0 : 1
        for index in expected.indices {
            let byte = given.isEmpty ? 0 : given[index % given.count]
            difference |= byte ^ expected[index]
        }
        return difference == 0
    }

    /// The token with all but its first and last two characters hidden (`s3…et`); fully hidden (`…`)
    /// when it is shorter than 8 characters, where four characters would give most of it away.
    public var masked: String { Self.mask(String(decoding: expected, as: UTF8.self)) }

    public static func mask(_ token: String) -> String {
        guard token.count >= 8 else { return "…" }
        return String(token.prefix(2)) + "…" + String(token.suffix(2))
    }
}
