import ArgumentParser
import FaxTools
import Foundation

/// Options of `watch` and `serve` that poll the Fax.Plus API beside (or instead of waiting for)
/// webhooks.
struct PollOptions: ParsableArguments {
    @Flag(help: "Also poll the Fax.Plus API for the account's faxes (no public URL needed); backfills at start.")
    var poll = false

    @Flag(help: "At start, list the faxes since the journal's newest event (10 minutes' overlap) once, even without --poll.")
    var backfill = false

    @Flag(name: .customLong("no-listen"), help: "With --poll: do not listen for webhooks at all (nothing inbound).")
    var noListen = false

    @Option(name: .customLong("poll-every"), help: ArgumentHelp(
        "Seconds between polls; after a 429 the poller waits as Retry-After says, and longer.",
        valueName: "seconds"))
    var pollEvery: Double = FaxPlusPoller.defaultInterval

    @Option(name: .customLong("api-token-file"), help: ArgumentHelp(
        "Read the Fax.Plus access token from this file (default: $FAXPLUS_TOKEN).", valueName: "path"))
    var apiTokenFile: String?

    @Option(name: .customLong("api-base"), help: "The Fax.Plus API's base URL.")
    var apiBase = FaxPlusClient.defaultBaseURL.absoluteString

    var enabled: Bool { poll || backfill }

    mutating func validate() throws {
        guard pollEvery.isFinite, pollEvery >= 0.05 else { throw ValidationError("--poll-every must be a positive number of seconds") }
        if !enabled, apiTokenFile != nil { throw ValidationError("--api-token-file needs --poll or --backfill") }
        if noListen, !poll { throw ValidationError("--no-listen needs --poll: without it nothing would arrive") }
    }

    /// The client, or exit code 2 with one line when there is no token.
    func client() throws -> FaxPlusClient {
        guard let base = URL(string: apiBase), let scheme = base.scheme, ["http", "https"].contains(scheme.lowercased()) else {
            throw ValidationError("--api-base must be an http(s) URL")
        }
        do {
            let token = try FaxPlusToken.resolve(tokenFile: apiTokenFile, environment: ProcessInfo.processInfo.environment)
            return FaxPlusClient(baseURL: base, token: token)
        } catch {
            Stderr.write("faxtop: \(error.description.replacingOccurrences(of: "--token-file", with: "--api-token-file"))\n")
            throw ExitCode(error.exitCode)
        }
    }
}
