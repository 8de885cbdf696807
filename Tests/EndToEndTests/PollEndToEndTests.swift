import FaxTestSupport
import Foundation
import Testing

/// `serve --poll` / `--backfill` as a user runs them: the built binary against the stand-in Fax.Plus
/// API of `scripts/standin_faxplus_api.py` on loopback.
@Suite struct PollEndToEndTests {
    @Test func withoutATokenPollingIsOneLineAndExitCode2() async throws {
        let run = try await ChildProcess.finished(try Package.binary, ["serve", "--poll", "--memory", "--port", "0"],
                                                  environment: ["FAXPLUS_TOKEN": nil, "XDG_CONFIG_HOME": "/nonexistent-faxtop-config"],
                                                  timeout: 30)
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("faxtop: no Fax.Plus token: set FAXPLUS_TOKEN or pass --api-token-file PATH."), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    /// `serve --backfill` listens for webhooks too; `serve --poll --no-listen` listens for nothing.
    @Test(arguments: [["--backfill"], ["--poll", "--no-listen"]])
    func servePrintsEveryListedFaxOnceMarkedAsBackfilled(mode: [String]) async throws {
        try await onOwnThread {
            let api = try ChildProcess("/usr/bin/env", ["python3", Package.root.appendingPathComponent("scripts/standin_faxplus_api.py").path,
                                                        "0", "250"], stdout: .pipe, stderr: .null)
            defer { api.signal(SIGKILL) }
            let port = try #require(Int(String(decoding: api.readAvailable(timeout: 10), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)))
            let log = NSTemporaryDirectory() + "faxtop-poll-\(UUID().uuidString)"
            defer { unlink(log) }
            let serve = try ChildProcess(try Package.binary, ["serve", "--json", "--memory", "--host", "127.0.0.1", "--port", "0",
                                                              "--api-base", "http://127.0.0.1:\(port)/v3"] + mode,
                                         environment: ["FAXPLUS_TOKEN": "stand-in", "XDG_CONFIG_HOME": "/nonexistent-faxtop-config"],
                                         stdout: .pipe, stderr: .file(log))
            defer { serve.signal(SIGKILL) }
            var text = ""
            let deadline = Date().addingTimeInterval(60)
            while text.split(separator: "\n").count < 250, Date() < deadline {
                text += String(decoding: serve.readAvailable(timeout: 1), as: UTF8.self)
            }
            let objects = try text.split(separator: "\n").map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
            #expect(objects.count == 250)
            #expect(Set(objects.compactMap { $0["data_id"] as? String }).count == 250, "each fax once")
            #expect(objects.allSatisfy { $0["remote"] as? String == "Fax.Plus API backfill" && $0["kind"] as? String == "accepted" })
            #expect(objects.filter { $0["event"] as? String == "fax_sent" }.count == 84, "every third from the first is outgoing")
            serve.signal(SIGTERM)
            #expect(serve.wait(timeout: 30) == 0)
            let stderr = try String(contentsOfFile: log, encoding: .utf8)
            #expect(stderr.contains("Fax.Plus API: 250 new faxes journaled (backfill)"))
            #expect(stderr.contains("listening on http://127.0.0.1:") == !mode.contains("--no-listen"), "\(stderr)")
            #expect(stderr.contains("not listening for webhooks (--no-listen)") == mode.contains("--no-listen"))
        }
    }
}
