import ArgumentParser
import FaxCore
import FaxReceiver
import Foundation

/// Options shared by `watch` and `demo`.
struct WatchOptions: ParsableArguments {
    @Option(help: "Address to listen on.")
    var host = "0.0.0.0"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = 8080

    @Option(help: "Webhook path.")
    var path = "/webhook"

    @Option(help: ArgumentHelp("Secret the sender must present as /webhook/SECRET or ?token=SECRET (also FAXTOP_TOKEN).",
                               valueName: "secret"))
    var token: String?

    @Option(parsing: .upToNextOption, help: ArgumentHelp(
        "Address ranges allowed to post (replaces the default: Fax.Plus's two addresses and loopback).", valueName: "cidr"))
    var allow: [String] = []

    @Option(name: .customLong("trust-proxy"), parsing: .upToNextOption, help: ArgumentHelp(
        "Proxies whose X-Forwarded-For/Forwarded is believed (default loopback).", valueName: "cidr"))
    var trustProxy: [String] = []

    @Flag(name: .customLong("allow-any"), help: "Turn the allowlist off (the header warns).")
    var allowAny = false

    @Flag(help: "No UI: print one JSON line per delivery on stdout.")
    var headless = false

    @Option(name: .customLong("max-body"), help: "Largest accepted body in bytes.")
    var maxBody = 65_536

    @Option(help: "Capacity of the receiver→UI ring (deliveries).")
    var ring = 65_536

    @Flag(help: "Keep events in memory only (no database file).")
    var memory = false

    @Option(help: ArgumentHelp("Event database (default $XDG_DATA_HOME/faxtop/events.sqlite).", valueName: "path"))
    var db: String?

    @Option(help: "Keep only the newest N events (pruned in the background).")
    var keep: Int?

    @Option(name: .customLong("keep-days"), help: "Keep only events of the last D days (pruned in the background).")
    var keepDays: Int?

    @Option(help: ArgumentHelp("Theme name or path to a theme file (t cycles themes in the UI).", valueName: "name|path"))
    var theme: String?

    @Flag(name: .customLong("no-color"), help: "No colours, attributes only (NO_COLOR is honoured too).")
    var noColor = false

    @Flag(help: "ASCII instead of box drawing and symbols.")
    var ascii = false

    @Flag(name: .customLong("no-mouse"), help: "Do not capture the mouse.")
    var noMouse = false

    @Option(name: .customLong("log-file"), help: "Where the UI writes its log (default: $XDG_STATE_HOME/faxtop/faxtop.log).")
    var logFile: String?

    /// The receiver's configuration from these options (and FAXTOP_TOKEN).
    func receiverConfiguration() throws -> ReceiverConfiguration {
        var configuration = ReceiverConfiguration(host: host, port: port, path: path, maxBody: maxBody)
        let environmentToken = ProcessInfo.processInfo.environment["FAXTOP_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        configuration.token = token ?? environmentToken
        if !allow.isEmpty { configuration.allow = try allow.map(Self.cidr) }
        if !trustProxy.isEmpty { configuration.trustProxy = try trustProxy.map(Self.cidr) }
        configuration.allowAny = allowAny
        return configuration
    }

    private static func cidr(_ text: String) throws -> CIDR {
        do { return try CIDR.parse(text) } catch { throw ValidationError(error.description) }
    }

    mutating func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0...65535") }
        guard maxBody > 0 else { throw ValidationError("--max-body must be positive") }
        guard ring > 0 else { throw ValidationError("--ring must be positive") }
        if memory, db != nil { throw ValidationError("--memory and --db exclude each other") }
        if let keep, keep < 1 { throw ValidationError("--keep must be at least 1") }
        if let keepDays, keepDays < 1 { throw ValidationError("--keep-days must be at least 1") }
    }
}
