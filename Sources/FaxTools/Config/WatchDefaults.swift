import FaxCore

/// Settings for `faxtop watch` that can come from the config file, the command line, or the built-in
/// defaults. Every field is optional: nil means "this layer does not say".
public struct WatchDefaults: Sendable, Equatable {
    public var host: String?
    public var port: Int?
    public var path: String?
    public var tokenFile: String?
    public var allow: [String]?
    public var trustProxy: [String]?
    public var theme: String?
    public var db: String?
    public var maxBody: Int?
    /// Whether the dashboard may copy through OSC 52 (`y`, `Y`).
    public var osc52: Bool?

    public init(
        host: String? = nil, port: Int? = nil, path: String? = nil, tokenFile: String? = nil,
        allow: [String]? = nil, trustProxy: [String]? = nil, theme: String? = nil, db: String? = nil,
        maxBody: Int? = nil, osc52: Bool? = nil
    ) {
        self.host = host
        self.port = port
        self.path = path
        self.tokenFile = tokenFile
        self.allow = allow
        self.trustProxy = trustProxy
        self.theme = theme
        self.db = db
        self.maxBody = maxBody
        self.osc52 = osc52
    }

    /// The built-in defaults of `watch` (ARCHITECTURE.md, "Command line"). `db` stays nil: its default depends on `XDG_DATA_HOME`.
    public static let builtin = WatchDefaults(
        host: ReceiverDefaults.host, port: ReceiverDefaults.port, path: ReceiverDefaults.path,
        allow: ReceiverDefaults.allow, trustProxy: ReceiverDefaults.trustProxy, theme: "default",
        maxBody: ReceiverDefaults.maxBody
    )

    /// Each field from `self` when it is set, otherwise from `fallback`.
    ///
    /// Precedence is a chain: `flags.layered(over: file).layered(over: .builtin)`: flags win over the
    /// file, the file over the built-in defaults. Arrays are replaced, not merged: `--allow` on the
    /// command line means exactly that list.
    public func layered(over fallback: WatchDefaults) -> WatchDefaults {
        WatchDefaults(
            host: host ?? fallback.host, port: port ?? fallback.port, path: path ?? fallback.path,
            tokenFile: tokenFile ?? fallback.tokenFile, allow: allow ?? fallback.allow,
            trustProxy: trustProxy ?? fallback.trustProxy, theme: theme ?? fallback.theme,
            db: db ?? fallback.db, maxBody: maxBody ?? fallback.maxBody, osc52: osc52 ?? fallback.osc52
        )
    }
}
