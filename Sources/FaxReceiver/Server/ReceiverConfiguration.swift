/// How the receiver listens and what it accepts.
public struct ReceiverConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port (the bound one is reported by ``WebhookReceiver``).
    public var port: Int
    /// The webhook path, e.g. `/webhook`.
    public var path: String
    public var maxBody: Int

    public init(host: String = "0.0.0.0", port: Int = 8080, path: String = "/webhook", maxBody: Int = 65_536) {
        self.host = host
        self.port = port
        self.path = Self.normalise(path)
        self.maxBody = maxBody
    }

    /// `webhook/` and `/webhook` mean the same path.
    static func normalise(_ path: String) -> String {
        var p = path.hasPrefix("/") ? path : "/" + path
        while p.count > 1, p.hasSuffix("/") { p.removeLast() }
        return p
    }
}
