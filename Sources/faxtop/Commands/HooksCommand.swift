import ArgumentParser
import FaxCore
import FaxTools
import Foundation

struct HooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hooks",
        abstract: "List, register and delete the webhooks of your Fax.Plus account (REST API v3).",
        discussion: """
            Authenticates with a personal access token from $FAXPLUS_TOKEN or --token-file \
            (Authorization: Bearer). Fax.Plus delivers webhooks only to a public HTTPS URL: put a \
            reverse proxy or a tunnel in front of `faxtop watch` and register that URL.

            Exit codes:
              0  ok                          5  not found (404)
              2  no token, or no --target    6  rate limited (429; Retry-After shown)
              3  token refused (401)         7  Fax.Plus server error (5xx)
              4  forbidden (403)             8  network failure
              9  other unexpected answer    64  bad command line

            Examples:
              export FAXPLUS_TOKEN=...
              faxtop hooks list
              faxtop hooks list --event fax_received --json
              faxtop hooks create --event received --target https://fax.example/webhook
              faxtop hooks delete 6710c3a29e4b1f0c7d2a5e81
            """,
        subcommands: [HooksListCommand.self, HooksCreateCommand.self, HooksDeleteCommand.self]
    )
}

/// Options every `hooks` subcommand takes.
struct FaxPlusAPIOptions: ParsableArguments {
    @Option(name: .customLong("token-file"), help: ArgumentHelp("Read the access token from this file (default: $FAXPLUS_TOKEN).", valueName: "path"))
    var tokenFile: String?

    @Option(name: .customLong("api-base"), help: "The API's base URL.")
    var apiBase = FaxPlusClient.defaultBaseURL.absoluteString

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func client() throws -> FaxPlusClient {
        guard let base = URL(string: apiBase), let scheme = base.scheme, ["http", "https"].contains(scheme.lowercased()) else {
            throw ValidationError("--api-base must be an http(s) URL")
        }
        let token = try Self.checked { () throws(FaxPlusError) in
            try FaxPlusToken.resolve(tokenFile: tokenFile, environment: ProcessInfo.processInfo.environment)
        }
        return FaxPlusClient(baseURL: base, token: token)
    }

    /// Runs an API call; a failure becomes a message on stderr and its own exit code.
    static func checked<T>(_ body: () async throws(FaxPlusError) -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            Stderr.write("faxtop hooks: \(error.description)\n")
            throw ExitCode(error.exitCode)
        }
    }

    static func checked<T>(_ body: () throws(FaxPlusError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            Stderr.write("faxtop hooks: \(error.description)\n")
            throw ExitCode(error.exitCode)
        }
    }
}

struct HooksListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List registered webhooks (both events unless --event is given).",
        discussion: """
            Examples:
              faxtop hooks list
              faxtop hooks list --event fax_sent --json | jq -r '.[].id'
            """
    )

    @Option(help: "Only hooks for this event (fax_sent, fax_received; sent/received for short).")
    var event: String?

    @OptionGroup var api: FaxPlusAPIOptions

    func run() async throws {
        let client = try api.client()
        let event = self.event.map(SendPlan.hookEvent)
        let hooks = try await FaxPlusAPIOptions.checked { () async throws(FaxPlusError) in
            try await client.listHooks(event: event)
        }
        print(api.json ? HookTable.json(hooks) : HookTable.render(hooks))
    }
}

struct HooksCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Register a webhook: Fax.Plus will POST every fax_sent or fax_received to --target.",
        discussion: """
            The target must be a public HTTPS URL that reaches faxtop's webhook path, e.g. a reverse \
            proxy (Caddy, nginx) or a tunnel (cloudflared, ngrok) in front of `faxtop watch`. \
            Run without --target for a reminder of the URL faxtop listens on.

            Examples:
              faxtop hooks create --event received --target https://fax.example/webhook
              faxtop hooks create --event sent --target https://fax.example/webhook/s3cret
            """
    )

    @Option(help: "The public HTTPS URL Fax.Plus should call.")
    var target: String?

    @Option(help: "fax_sent or fax_received (sent/received for short).")
    var event: String = "fax_received"

    @OptionGroup var api: FaxPlusAPIOptions

    func validate() throws {
        guard FaxPlusEvent.known.contains(SendPlan.hookEvent(event)) else {
            throw ValidationError("--event must be fax_sent or fax_received")
        }
    }

    func run() async throws {
        guard let target else {
            Stderr.write(Self.reminder())
            throw ExitCode(ToolExitCode.usage)
        }
        guard let url = URL(string: target), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
            throw ValidationError("--target must be an http(s) URL")
        }
        if scheme != "https" {
            Stderr.write("faxtop hooks: warning: Fax.Plus expects an HTTPS target; \(target) may be refused or sent in the clear\n")
        }
        let client = try api.client()
        let event = SendPlan.hookEvent(self.event)
        let id = try await FaxPlusAPIOptions.checked { () async throws(FaxPlusError) in
            try await client.createHook(target: target, event: event)
        }
        print(api.json ? "{\"id\":\(JSONText.quote(id)),\"event\":\(JSONText.quote(event)),\"target\":\(JSONText.quote(target))}"
                       : "registered \(TerminalSafeText.make(id)): \(event) → \(TerminalSafeText.make(target))")
    }

    /// What to do when there is no target yet, with the local URL faxtop would listen on.
    static func reminder() -> String {
        let environment = ProcessInfo.processInfo.environment
        let config = (try? ConfigFile.loadIfPresent(path: ConfigFile.defaultPath(environment: environment), environment: environment)) ?? nil
        let settings = (config ?? WatchDefaults()).layered(over: .builtin)
        let local = "http://127.0.0.1:\(settings.port ?? 8080)\(settings.path ?? "/webhook")"
        return """
            faxtop hooks create: --target is required.
            Fax.Plus delivers webhooks only to a public HTTPS URL. faxtop listens on \(local) (from your
            config or the defaults); put a reverse proxy (Caddy, nginx) or a tunnel (cloudflared, ngrok)
            in front of it and register the public URL, for example:
              faxtop hooks create --event received --target https://fax.example/webhook

            """
    }
}

struct HooksDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a webhook registration by id (see `faxtop hooks list`).",
        discussion: """
            Examples:
              faxtop hooks delete 6710c3a29e4b1f0c7d2a5e81
            """
    )

    @Argument(help: "The hook id.")
    var id: String

    @OptionGroup var api: FaxPlusAPIOptions

    func run() async throws {
        let client = try api.client()
        let id = self.id
        try await FaxPlusAPIOptions.checked { () async throws(FaxPlusError) in
            try await client.deleteHook(id: id)
        }
        print(api.json ? "{\"deleted\":\(JSONText.quote(id))}" : "deleted \(id)")
    }
}
