import FaxCore

/// How the receiver listens, whom it trusts and what it accepts.
public struct ReceiverConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port (the bound one is reported by ``WebhookReceiver``).
    public var port: Int
    /// The webhook path, e.g. `/webhook`.
    public var path: String
    /// The largest body accepted, in bytes (`--max-body`).
    public var maxBody: Int
    /// The shared secret senders must present (`--token`, `FAXTOP_TOKEN`); nil or empty: none.
    public var token: String?
    /// Client ranges allowed to post (`--allow`).
    public var allow: [CIDR]
    /// Turns the allowlist off (`--allow-any`).
    public var allowAny: Bool
    /// Peers believed about `X-Forwarded-For` / `Forwarded` (`--trust-proxy`); empty: none.
    public var trustProxy: [CIDR]
    /// Connections served at once; further ones wait in the listen backlog until one closes.
    public var maxConnections: Int
    /// A connection that sends nothing for this long is closed: while its headers are arriving,
    /// between body chunks, and between keep-alive requests. This is what ends a slowloris client.
    public var idleTimeout: Duration
    /// The whole body must arrive within this, however steadily it trickles.
    public var bodyTimeout: Duration
    /// The most bytes of request headers (all of them together) a request may have; above it the
    /// HTTP layer answers 400 and closes the connection.
    public var maxHeaderBytes: Int
    /// The most header fields a request may have.
    public var maxHeaderCount: Int
    /// After a refusal answered before its body was read, how much of the body is still read and
    /// thrown away, and for how long, so the answer is not lost to a TCP reset (see ``LingeringClose``).
    public var lingerBytes: Int
    public var lingerTime: Duration

    public init(
        host: String = ReceiverDefaults.host, port: Int = ReceiverDefaults.port, path: String = ReceiverDefaults.path,
        maxBody: Int = ReceiverDefaults.maxBody,
        token: String? = nil, allow: [CIDR] = Allowlist.defaultRanges, allowAny: Bool = false,
        trustProxy: [CIDR] = ClientAddressResolver.defaultTrustedProxies,
        maxConnections: Int = 256, idleTimeout: Duration = .seconds(10), bodyTimeout: Duration = .seconds(10),
        maxHeaderBytes: Int = 16_384, maxHeaderCount: Int = 100,
        lingerBytes: Int = 1 << 20, lingerTime: Duration = .seconds(2)
    ) {
        self.host = host
        self.port = port
        self.path = Self.normalise(path)
        self.maxBody = maxBody
        self.token = token
        self.allow = allow
        self.allowAny = allowAny
        self.trustProxy = trustProxy
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
        self.bodyTimeout = bodyTimeout
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.lingerBytes = lingerBytes
        self.lingerTime = lingerTime
    }

    public var allowlist: Allowlist { Allowlist(ranges: allow, allowAny: allowAny) }
    public var clientResolver: ClientAddressResolver { ClientAddressResolver(trustedProxies: trustProxy) }
    public var tokenCheck: TokenCheck? { TokenCheck(token: token) }

    /// `webhook/` and `/webhook` mean the same path.
    static func normalise(_ path: String) -> String {
        var p = path.hasPrefix("/") ? path : "/" + path
        while p.count > 1, p.hasSuffix("/") { p.removeLast() }
        return p
    }
}
