import ArgumentParser
import FaxCore
import FaxTools
import Foundation

struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Post sample or given webhook payloads to a receiver (test without a fax machine).",
        discussion: """
            Builds a realistic Fax.Plus payload (hook + data, every documented field) from the options, \
            or sends a file as is, and prints each answer's status and body. Exits 1 if any answer is \
            not 2xx, 8 if the receiver cannot be reached.

            Examples:
              faxtop send                       # a successful fax_sent to the local watch
              faxtop send --event received --from '+44 20 7946 0018' --pages 4
              faxtop send --status failed_user_busy
              faxtop send --retry-of 6710c3a29e4b1f0c7d2a5e81 --status success
              faxtop send --count 20 http://127.0.0.1:41234/webhook
              faxtop send --file payload.json --token s3cret
              cat payload.json | faxtop send --file -
              faxtop send --print | jq .        # just the payload
              faxtop send --print --curl        # an equivalent curl command

            Shell completions: faxtop --generate-completion-script bash|zsh|fish
            """
    )

    @Argument(help: "The receiver's webhook URL.")
    var url: String = SendPlan.defaultURL

    @Option(help: "sent, received, or any hook.event name (e.g. fax_page_received).")
    var event: String = "sent"

    @Option(help: "data.status (e.g. success, failed_user_busy, failed_fs_49).")
    var status: String?

    @Option(help: "data.from, any spelling (+12125550147, '+1 212-555-0147').")
    var from: String?

    @Option(help: "data.to.")
    var to: String?

    @Option(help: "data.pages.")
    var pages: Int?

    @Option(name: .customLong("retry-of"), help: ArgumentHelp("Send a retry of this fax session: a new hook.id with this data.id.", valueName: "data-id"))
    var retryOf: String?

    @Option(help: "How many payloads to send (with --retry-of: that many further attempts).")
    var count = 1

    @Option(help: "The receiver's token, sent as ?token= (default: $FAXTOP_TOKEN).")
    var token: String?

    @Option(help: ArgumentHelp("Send this file's bytes as the body, unchanged (- for stdin).", valueName: "path"))
    var file: String?

    @Option(help: "Seed for the generated ids and values (default: random).")
    var seed: UInt64?

    @Flag(help: "Write the payload to stdout instead of sending it.")
    var print = false

    @Flag(help: "With --print: write an equivalent curl command instead (implies --print).")
    var curl = false

    func validate() throws {
        guard (1...100_000).contains(count) else { throw ValidationError("--count must be 1...100000") }
        if let pages, pages < 0 { throw ValidationError("--pages must not be negative") }
        if file != nil, status != nil || from != nil || to != nil || pages != nil || retryOf != nil || event != "sent" {
            throw ValidationError("--file sends the file as is; it cannot be combined with --event, --status, --from, --to, --pages or --retry-of")
        }
    }

    func run() async throws {
        let token = self.token ?? ProcessInfo.processInfo.environment["FAXTOP_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        let target: URL
        do {
            target = try SendPlan.webhookURL(url, token: token)
        } catch {
            throw ValidationError(error.description)
        }
        let bodies = try makeBodies()
        if print || curl {
            for body in bodies { Swift.print(rendered(body, url: target)) }
            return
        }
        let poster = WebhookPoster()
        var failures = 0
        for body in bodies {
            let answer: HTTPAnswer
            do {
                answer = try await poster.post(body, to: target)
            } catch {
                Stderr.write("faxtop send: \(error.message)\n")
                Stderr.write("  start a receiver first (faxtop watch, or faxtop demo), or give its URL as the first argument\n")
                throw ExitCode(ToolExitCode.network)
            }
            Swift.print("HTTP \(answer.status) \(TerminalSafeText.make(answer.bodyText))")
            if !answer.isSuccess { failures += 1 }
        }
        if failures > 0 {
            if bodies.count > 1 { Stderr.write("faxtop send: \(failures) of \(bodies.count) answers were not 2xx\n") }
            throw ExitCode.failure
        }
    }

    private func makeBodies() throws -> [[UInt8]] {
        if let file {
            let body = try Self.read(file)
            return Array(repeating: body, count: count)
        }
        if let status, !FaxStatus.documented.contains(where: { $0.raw == status }) {
            Stderr.write("faxtop send: note: \"\(status)\" is not a documented Fax.Plus status; sending it anyway\n")
        }
        let spec = PayloadSpec(event: SendPlan.hookEvent(event), status: status, from: from, to: to, pages: pages, retryOf: retryOf)
        return SendPlan.generated(spec, count: count, seed: seed ?? UInt64.random(in: 0...UInt64.max),
                                  now: Int64(Date().timeIntervalSince1970))
    }

    private func rendered(_ body: [UInt8], url: URL) -> String {
        guard curl else { return String(decoding: body, as: UTF8.self) }
        let data: CurlCommand.Body = file.map { $0 == "-" ? .text(String(decoding: body, as: UTF8.self)) : .file($0) }
            ?? .text(String(decoding: body, as: UTF8.self))
        return CurlCommand(url: url.absoluteString, body: data).rendered
    }

    static func read(_ path: String) throws -> [UInt8] {
        if path == "-" { return [UInt8](FileHandle.standardInput.readDataToEndOfFile()) }
        guard let data = FileManager.default.contents(atPath: path) else {
            Stderr.write("faxtop send: cannot read \(path)\n")
            throw ExitCode(ToolExitCode.usage)
        }
        return [UInt8](data)
    }
}
