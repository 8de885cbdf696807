import FaxCore

/// What the dashboard header (and headless start-up log) says about the receiver: where it listens,
/// with the token masked, and whom it lets in.
public struct ReceiverStatus: Sendable, Equatable {
    /// `http://0.0.0.0:8080/webhook/s3…et`, or without the last segment when no token is set.
    public var url: String
    /// The allowed ranges, space-separated, or `any` with `--allow-any`.
    public var allowlist: String
    /// The trusted proxies, space-separated, or `none`.
    public var trustedProxies: String
    /// Things the operator should know, e.g. that the allowlist is off.
    public var warnings: [String]

    public init(configuration: ReceiverConfiguration, boundPort: Int? = nil) {
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        let port = boundPort ?? configuration.port
        var url = "http://\(host):\(port)\(configuration.path)"
        if let token = configuration.tokenCheck {
            url += (configuration.path.hasSuffix("/") ? "" : "/") + token.masked
        }
        self.url = url
        self.allowlist = configuration.allowAny ? "any" : Self.list(configuration.allow)
        self.trustedProxies = Self.list(configuration.trustProxy)
        var warnings: [String] = []
        if configuration.allowAny {
            warnings.append("allow-any: the allowlist is off, any address may post")
        } else if configuration.allow.isEmpty {
            warnings.append("the allowlist is empty: every request will be refused")
        }
        if configuration.tokenCheck == nil {
            warnings.append("no token: anyone allowed to connect may post (set --token)")
        }
        self.warnings = warnings
    }

    /// One line: `listening on http://…/webhook/s3…et · allow 34.65.253.117/32 … · trust-proxy 127.0.0.0/8 ::1/128`,
    /// followed by ` · ⚠ …` for each warning.
    public var summary: String {
        var line = "listening on \(url) · allow \(allowlist) · trust-proxy \(trustedProxies)"
        for warning in warnings { line += " · ⚠ \(warning)" }
        return line
    }

    private static func list(_ ranges: [CIDR]) -> String {
        ranges.isEmpty ? "none" : ranges.map(\.description).joined(separator: " ")
    }
}
