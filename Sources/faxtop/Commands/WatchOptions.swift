import ArgumentParser
import FaxCore
import FaxReceiver
import FaxTools
import Foundation

/// Options shared by `watch` and `demo`.
struct WatchOptions: ParsableArguments {
    // host, port, path, max-body, db and theme are optional here so that a value from the config file
    // applies when the flag is not given (flags win over the file, the file over the defaults).
    @Option(help: "Address to listen on (default 0.0.0.0).")
    var host: String?

    @Option(help: "Port to listen on, 0 picks a free one (default 8080).")
    var port: Int?

    @Option(help: "Webhook path (default /webhook).")
    var path: String?

    @Option(name: .customLong("token-file"), help: ArgumentHelp("Read the token from this file.", valueName: "path"))
    var tokenFile: String?

    @Option(help: ArgumentHelp("Config file (default $XDG_CONFIG_HOME/faxtop/config.toml).", valueName: "path"))
    var config: String?

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

    @Option(name: .customLong("max-body"), help: "Largest accepted body in bytes (default 65536).")
    var maxBody: Int?

    @Option(help: "Capacity of the receiver→UI ring (deliveries).")
    var ring = 65_536

    @Flag(help: "Keep events in memory only (no database file).")
    var memory = false

    @Option(help: ArgumentHelp(
        "Event database: a SQLite file, or a postgres:// URL for a journal several receivers share "
            + "(default $FAXTOP_DB_URL, else $XDG_DATA_HOME/faxtop/events.sqlite).",
        valueName: "path|url"))
    var db: String?

    @Option(name: .customLong("db-mode"), help: ArgumentHelp(
        "Permissions of the journal files, e.g. 0640 so that the owner's group can `faxtop attach` (default 0600).",
        valueName: "octal"))
    var dbMode: String?

    @Option(help: "Keep only the newest N events (pruned in the background).")
    var keep: Int?

    @Option(name: .customLong("keep-days"), help: "Keep only events of the last D days (pruned in the background).")
    var keepDays: Int?

    @OptionGroup var display: DisplayOptions

    /// `--db-mode`: octal permission bits with owner read and write and no execute bits (0600, 0640, 0660).
    func journalMode() throws -> mode_t? {
        guard let dbMode else { return nil }
        guard let mode = mode_t(dbMode, radix: 8), mode & 0o600 == 0o600, mode & 0o7111 == 0, mode <= 0o777 else {
            throw ValidationError("--db-mode \(dbMode): expected octal permissions with owner read and write, such as 0600 or 0640")
        }
        return mode
    }

    /// Flags over the config file over the built-in defaults.
    func settings() throws -> WatchDefaults {
        let environment = ProcessInfo.processInfo.environment
        let file: WatchDefaults?
        do {
            if let config {
                file = try ConfigFile.load(path: config, environment: environment)
            } else {
                file = try ConfigFile.loadIfPresent(path: ConfigFile.defaultPath(environment: environment), environment: environment)
            }
        } catch {
            throw ValidationError("config: \(error)")
        }
        let flags = WatchDefaults(
            host: host, port: port, path: path, tokenFile: tokenFile, allow: allow.isEmpty ? nil : allow,
            trustProxy: trustProxy.isEmpty ? nil : trustProxy, theme: display.theme, db: db, maxBody: maxBody)
        return flags.layered(over: file ?? WatchDefaults()).layered(over: .builtin)
    }

    /// The receiver's configuration: flags, then FAXTOP_TOKEN, then the config file, then defaults.
    func receiverConfiguration() throws -> ReceiverConfiguration {
        let settings = try settings()
        var configuration = ReceiverConfiguration(host: settings.host ?? ReceiverDefaults.host, port: settings.port ?? ReceiverDefaults.port,
                                                  path: settings.path ?? ReceiverDefaults.path, maxBody: settings.maxBody ?? ReceiverDefaults.maxBody)
        let environmentToken = ProcessInfo.processInfo.environment["FAXTOP_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        configuration.token = try token ?? environmentToken ?? settings.tokenFile.map(Self.readToken)
        configuration.allow = try (settings.allow ?? []).map(Self.cidr)
        configuration.trustProxy = try (settings.trustProxy ?? []).map(Self.cidr)
        configuration.allowAny = allowAny
        return configuration
    }

    private static func readToken(_ path: String) throws -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("cannot read the token file \(path)")
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw ValidationError("the token file \(path) is empty") }
        return token
    }

    private static func cidr(_ text: String) throws -> CIDR {
        do { return try CIDR.parse(text) } catch { throw ValidationError(error.description) }
    }

    mutating func validate() throws {
        if let port, !(0...65_535).contains(port) { throw ValidationError("--port must be 0...65535") }
        if let maxBody, maxBody <= 0 { throw ValidationError("--max-body must be positive") }
        guard ring > 0 else { throw ValidationError("--ring must be positive") }
        if memory, db != nil { throw ValidationError("--memory and --db exclude each other") }
        if let keep, keep < 1 { throw ValidationError("--keep must be at least 1") }
        if let keepDays, !(1...36_500).contains(keepDays) { throw ValidationError("--keep-days must be 1 to 36500 (100 years)") }
    }
}
