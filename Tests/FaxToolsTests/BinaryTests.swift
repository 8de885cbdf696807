import FaxCore
import FaxReceiver
import FaxStore
import FaxTestSupport
import Foundation
import Testing
@testable import FaxTools

/// The real `faxtop` binary, run as a user would (each test fails when it has not been built).
@Suite(.serialized) struct BinaryTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let binary: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/debug/faxtop")

    static func faxtop(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil) async throws -> Run {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw ChildProcess.Failure("faxtop binary not found at \(binary.path): run `swift build` first")
        }
        var env: [String: String?] = ["FAXPLUS_TOKEN": nil, "FAXTOP_TOKEN": nil, "XDG_CONFIG_HOME": "/nonexistent"]
        for (key, value) in environment { env[key] = value }
        let run = try await ChildProcess.finished(binary.path, arguments, environment: env, input: stdin ?? "", timeout: 60)
        return Run(status: run.status, stdout: run.stdout, stderr: run.stderr)
    }

    func withReceiver(_ body: (URL) async throws -> Void) async throws {
        let receiver = WebhookReceiver(configuration: ReceiverConfiguration(host: "127.0.0.1", port: 0),
                                       store: try InterposedStore(), logger: quietLogger)
        try await withLoopbackServer({ receiver.makeApplication(onBound: $0) }) { port in
            try await body(URL(string: "http://127.0.0.1:\(port)/webhook")!)
        }
    }

    @Test func sendPrintWritesADecodablePayload() async throws {
        let run = try await Self.faxtop(["send", "--print", "--event", "received", "--status", "failed_fs_49", "--pages", "2", "--count", "2"])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        for line in lines {
            let event = try WebhookDecoder().decode(Array(line.utf8))
            #expect(event.hookEvent == "fax_received" && event.status == .failedFs49 && event.pages == 2)
        }
    }

    @Test func sendPrintCurlIsAValidShellCommand() async throws {
        let run = try await Self.faxtop(["send", "--print", "--curl", "--from", "it's me", "--token", "a b"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("curl -sS -X POST -H 'Content-Type: application/json' --data-binary '"))
        #expect(run.stdout.contains("it'\\''s me"))
        #expect(run.stdout.contains("'http://127.0.0.1:8080/webhook?token=a%20b'"))
    }

    @Test func sendAgainstARunningReceiver() async throws {
        try await withReceiver { url in
            let ok = try await Self.faxtop(["send", url.absoluteString, "--count", "2"])
            #expect(ok.status == 0, "\(ok.stderr)")
            #expect(ok.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("HTTP 200 {\"status\":\"accepted\"") }, "\(ok.stdout)")

            let retry = try await Self.faxtop(["send", url.absoluteString, "--retry-of", "6710c3a29e4b1f0c7d2a5e81", "--status", "success"])
            #expect(retry.status == 0 && retry.stdout.contains("\"attempt\""))

            let invalid = try await Self.faxtop(["send", url.absoluteString, "--file", "-"], stdin: #"{"hook":{"id":"a","event":"fax_sent"},"data":{"id":"a","status":"success","pages":"x"}}"#)
            #expect(invalid.status == 1)
            #expect(invalid.stdout.hasPrefix("HTTP 422 "))
            #expect(invalid.stdout.contains("data.pages"))

            let fixture = Fixtures.url("valid/fax_sent_retry.json")
            do {
                let file = try await Self.faxtop(["send", url.absoluteString, "--file", fixture.path, "--count", "2"])
                #expect(file.status == 0)
                #expect(file.stdout.contains("duplicate"))
            }
        }
    }

    @Test func sendToNothingFailsClearly() async throws {
        var closed = 0
        try await withReceiver { url in closed = url.port ?? 0 }
        let run = try await Self.faxtop(["send", "http://127.0.0.1:\(closed)/webhook"])
        #expect(run.status == 8)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("could not reach 127.0.0.1:\(closed)"))
    }

    @Test func sendRejectsConflictingOptions() async throws {
        let run = try await Self.faxtop(["send", "--file", "x.json", "--status", "success"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--file sends the file as is"))
    }

    @Test func hooksEndToEnd() async throws {
        let fake = FakeFaxPlus()
        try await withLoopbackServer({ fake.application(onRunning: $0) }) { port in
            let base = ["--api-base", "http://127.0.0.1:\(port)/v3"]
            let env = ["FAXPLUS_TOKEN": FakeFaxPlus.token]

            let list = try await Self.faxtop(["hooks", "list"] + base, environment: env)
            #expect(list.status == 0, "\(list.stderr)")
            #expect(list.stdout.hasPrefix("ID "))
            #expect(list.stdout.contains("6710aa0000000000000000a1  fax_received  https://faxes.example.com/webhook"))

            let created = try await Self.faxtop(["hooks", "create", "--target", "https://t.example/webhook", "--event", "sent", "--json"] + base,
                                                environment: env)
            #expect(created.status == 0, "\(created.stderr)")
            let id = try #require(try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: String])["id"]
            #expect(fake.seen.last?.body == #"{"target":"https://t.example/webhook","event":"fax_sent"}"#)

            let tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-pat-\(UUID().uuidString)").path
            try FakeFaxPlus.token.write(toFile: tokenFile, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: tokenFile) }
            let deleted = try await Self.faxtop(["hooks", "delete", id!, "--token-file", tokenFile] + base)
            #expect(deleted.status == 0 && deleted.stdout == "deleted \(id!)\n")

            let missing = try await Self.faxtop(["hooks", "delete", id!] + base, environment: env)
            #expect(missing.status == 5 && missing.stderr.contains("404"))

            let badToken = try await Self.faxtop(["hooks", "list"] + base, environment: ["FAXPLUS_TOKEN": "wrong"])
            #expect(badToken.status == 3 && badToken.stderr.contains("401"))

            let noToken = try await Self.faxtop(["hooks", "list"] + base)
            #expect(noToken.status == 2 && noToken.stderr.contains("FAXPLUS_TOKEN"))

            for (status, code, text) in [(403, Int32(4), "403"), (429, 6, "retry after 17 seconds"), (502, 7, "502")] {
                fake.force(.init(status: status, headers: ["Retry-After": "17"]))
                let run = try await Self.faxtop(["hooks", "list", "--event", "received"] + base, environment: env)
                #expect(run.status == code, "\(status): \(run.stderr)")
                #expect(run.stderr.contains(text), "\(run.stderr)")
                #expect(run.stdout.isEmpty)
            }
        }
        var closed = 0
        try await withLoopbackServer({ fake.application(onRunning: $0) }) { port in closed = port }
        let offline = try await Self.faxtop(["hooks", "list", "--api-base", "http://127.0.0.1:\(closed)/v3"],
                                            environment: ["FAXPLUS_TOKEN": "t"])
        #expect(offline.status == 8 && offline.stderr.contains("could not reach"))
    }

    @Test func hooksCreateWithoutTargetReminds() async throws {
        let run = try await Self.faxtop(["hooks", "create"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("public HTTPS URL"))
        #expect(run.stderr.contains("http://127.0.0.1:8080/webhook"))
    }

    @Test(arguments: [["demo"], ["send"], ["hooks"], ["hooks", "list"], ["hooks", "create"], ["hooks", "delete"]])
    func everyCommandHasHelpWithExamples(_ command: [String]) async throws {
        let run = try await Self.faxtop(command + ["--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("Examples:"))
    }
}
