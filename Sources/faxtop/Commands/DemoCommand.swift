import ArgumentParser
import FaxTools
import Foundation

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Watch generated Fax.Plus traffic: the dashboard plus a built-in sender.",
        discussion: """
            Starts the receiver and the dashboard (as `watch` does) on a free port of 127.0.0.1, with \
            events in a temporary SQLite database (or --db PATH, or --memory), and POSTs realistic webhooks to it over real HTTP: sent and received \
            faxes, about a third failing, retry chains that succeed or give up, duplicate deliveries, \
            and now and then a malformed or refused request so rejections show too. About 15 requests \
            go out in the first second, then --rate per second with occasional bursts.

            The same --seed gives the same stream (times and id prefixes follow the clock). All `watch` \
            options apply; --port and --host default to 0 (a free port) and 127.0.0.1 here.

            Examples:
              faxtop demo
              faxtop demo --rate 10 --seed 42
              faxtop demo --port 8080           # then elsewhere: faxtop send -h

            Shell completions: faxtop --generate-completion-script bash|zsh|fish
            """
    )

    @Option(help: "Requests per second outside bursts.")
    var rate: Double = 2

    @Option(help: "Seed for a repeatable stream (default: a random one, printed on exit).")
    var seed: UInt64?

    @OptionGroup var options: WatchOptions

    func validate() throws {
        guard rate > 0, rate <= 1_000 else { throw ValidationError("--rate must be between 0 and 1000 per second") }
    }

    func run() async throws {
        var watch = options
        // The demo must never collide with a running `watch` on 8080 nor listen beyond this machine,
        // unless the user asked for it. WatchOptions' defaults cannot tell "given" from "default".
        if watch.port == nil { watch.port = 0 }
        if watch.host == nil { watch.host = "127.0.0.1" }
        // A throwaway database unless the user named one: the demo should not mix into real history.
        var temporary: URL?
        if watch.db == nil, !watch.memory {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-demo-\(UUID().uuidString)")
            temporary = folder
            watch.db = folder.appendingPathComponent("events.sqlite").path
        }
        defer { if let temporary { try? FileManager.default.removeItem(at: temporary) } }
        // A token, so the generator's wrong-token requests show as 401 rejections.
        if watch.token == nil, ProcessInfo.processInfo.environment["FAXTOP_TOKEN"] == nil {
            watch.token = "demo-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        }
        let seed = self.seed ?? UInt64.random(in: 1...999_999)
        let generator = TrafficGenerator(
            seed: seed,
            configuration: .init(rate: rate, token: try watch.receiverConfiguration().token,
                                 start: Int64(Date().timeIntervalSince1970))
        )
        let runner = TrafficRunner(generator: generator)
        try await WatchSession(options: watch).run(alongside: { url in
            await runner.run(base: url)
        })
        FileHandle.standardError.write(Data("faxtop demo: seed \(seed) (repeat with --seed \(seed))\n".utf8))
    }
}
