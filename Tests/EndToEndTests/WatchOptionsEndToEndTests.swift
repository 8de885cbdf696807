import FaxTestSupport
import Foundation
import Testing

/// The receiver's options of `faxtop watch` as a sender meets them: who may post, with which secret,
/// through which proxy, and how much history is kept. Headless, so what faxtop made of each request is
/// also read from its JSON lines.
@Suite(.serialized) struct WatchOptionsEndToEndTests {
    static func body(_ name: String) throws -> Data { try Package.fixture("valid/\(name).json") }

    /// The secret is the last path segment or `?token=`; anything else is 401, journaled, and the secret
    /// itself is never printed.
    @Test func tokenIsRequiredInThePathOrTheQuery() async throws {
        try await onOwnThread {
            let token = "s3cret-Token-9"
            let faxtop = try HeadlessFaxtop(["--memory", "--token", token])
            #expect(faxtop.announcedURL == "http://127.0.0.1:\(faxtop.port)/webhook/s3…-9", "the token is shown masked")

            let without = try HTTPPost.send(try Self.body("fax_sent_first_attempt"), to: faxtop.url("/webhook"))
            #expect(without.status == 401, "\(without.body)")
            #expect(try faxtop.nextLine()["code"] as? Int == 401)
            let wrong = try HTTPPost.send(try Self.body("fax_sent_first_attempt"), to: faxtop.url("/webhook/wrong-token-xyz"))
            #expect(wrong.status == 401, "\(wrong.body)")
            #expect(try faxtop.nextLine()["code"] as? Int == 401)

            let inPath = try HTTPPost.send(try Self.body("fax_sent_first_attempt"), to: faxtop.url("/webhook/\(token)"))
            #expect(inPath.status == 200, "\(inPath.body)")
            let accepted = try faxtop.nextLine()
            #expect(accepted["kind"] as? String == "accepted" && accepted["hook_id"] as? String == "6710c3a29e4b1f0c7d2a5e81")
            let inQuery = try HTTPPost.send(try Self.body("fax_received"), to: faxtop.url("/webhook?token=\(token)"))
            #expect(inQuery.status == 200, "\(inQuery.body)")
            #expect(try faxtop.nextLine()["hook_id"] as? String == "6710c80f5d2e4a9b1c3f7e60")

            #expect(faxtop.stop() == 0)
            #expect(!faxtop.stderr.contains(token), "the secret never reaches the log: \(faxtop.stderr)")
        }
    }

    /// `--token-file`: the secret is the file's content without surrounding blanks; a file that cannot be
    /// read is said at once.
    @Test func tokenFileSuppliesTheSecret() async throws {
        try await onOwnThread {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-token-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("token").path
            try "  from-the-file-42\n".write(toFile: file, atomically: true, encoding: .utf8)

            let faxtop = try HeadlessFaxtop(["--memory", "--token-file", file])
            #expect(faxtop.announcedURL == "http://127.0.0.1:\(faxtop.port)/webhook/fr…42")
            #expect(try HTTPPost.send(try Self.body("fax_received"), to: faxtop.url("/webhook")).status == 401)
            #expect(try HTTPPost.send(try Self.body("fax_received"), to: faxtop.url("/webhook/from-the-file-42")).status == 200)
            #expect(faxtop.stop() == 0)

            let missing = try ChildProcess.run(try Package.binary, ["watch", "--headless", "--memory", "--host", "127.0.0.1",
                                                                    "--port", "0", "--token-file", folder.path + "/none"],
                                               environment: ["FAXTOP_TOKEN": nil, "XDG_CONFIG_HOME": folder.path], timeout: 30)
            #expect(missing.status == 64, "\(missing.stderr)")
            #expect(missing.stderr.contains("cannot read the token file \(folder.path)/none"), "\(missing.stderr)")
        }
    }

    /// `--allow` replaces the default list: with only 10.0.0.0/8 allowed, loopback is refused with 403,
    /// on the webhook and on /healthz alike, and the refusal is journaled with the client's address.
    @Test func allowRefusesEveryoneElse() async throws {
        try await onOwnThread {
            let faxtop = try HeadlessFaxtop(["--memory", "--allow", "10.0.0.0/8"])
            #expect(faxtop.stderr.contains("\(faxtop.announcedURL) · allow 10.0.0.0/8 · trust-proxy 127.0.0.0/8 ::1/128"),
                    "\(faxtop.stderr)")
            let refused = try HTTPPost.send(try Self.body("fax_received"), to: faxtop.url())
            #expect(refused.status == 403, "\(refused.body)")
            let line = try faxtop.nextLine()
            #expect(line["kind"] as? String == "rejected" && line["code"] as? Int == 403 && line["remote"] as? String == "127.0.0.1",
                    "\(line)")
            #expect(try HTTPPost.send(Data(), to: faxtop.url("/healthz"), method: "GET").status == 403)
            #expect(faxtop.stop() == 0)
        }
    }

    /// `--trust-proxy`: `X-Forwarded-For` is believed only from a trusted peer, and then the client it
    /// names is the one the allowlist judges and the journal records.
    @Test func trustProxyDecidesWhoseForwardedForIsBelieved() async throws {
        try await onOwnThread {
            let trusting = try HeadlessFaxtop(["--memory", "--allow", "203.0.113.0/24", "--trust-proxy", "127.0.0.1/32"])
            let forwarded = try HTTPPost.send(try Self.body("fax_received"), to: trusting.url(),
                                              headers: [("X-Forwarded-For", "203.0.113.7")])
            #expect(forwarded.status == 200, "\(forwarded.body)")
            let accepted = try trusting.nextLine()
            #expect(accepted["kind"] as? String == "accepted" && accepted["remote"] as? String == "203.0.113.7", "\(accepted)")
            let outsider = try HTTPPost.send(try Self.body("fax_sent_first_attempt"), to: trusting.url(),
                                             headers: [("X-Forwarded-For", "198.51.100.1")])
            #expect(outsider.status == 403)
            #expect(try trusting.nextLine()["remote"] as? String == "198.51.100.1")
            let direct = try HTTPPost.send(try Self.body("fax_sent_first_attempt"), to: trusting.url())
            #expect(direct.status == 403, "without the header the client is the proxy itself, which is not allowed")
            #expect(try trusting.nextLine()["remote"] as? String == "127.0.0.1")
            #expect(trusting.stop() == 0)

            // The same request from a peer that is not a trusted proxy: the header is ignored.
            let distrusting = try HeadlessFaxtop(["--memory", "--allow", "203.0.113.0/24", "--trust-proxy", "10.0.0.0/8"])
            let ignored = try HTTPPost.send(try Self.body("fax_received"), to: distrusting.url(),
                                            headers: [("X-Forwarded-For", "203.0.113.7")])
            #expect(ignored.status == 403, "\(ignored.body)")
            let line = try distrusting.nextLine()
            #expect(line["code"] as? Int == 403 && line["remote"] as? String == "127.0.0.1", "\(line)")
            #expect(distrusting.stop() == 0)
        }
    }

    /// `--keep N`: retention runs when faxtop starts and then every minute, so the store a second run
    /// opens is cut to the newest N events, the rejections before them going too and those after staying.
    @Test func keepPrunesToTheNewestEvents() async throws {
        try await onOwnThread {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-keep-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let database = folder.appendingPathComponent("events.sqlite").path

            let first = try HeadlessFaxtop(["--db", database, "--keep", "2"])
            #expect(try HTTPPost.send(try Package.fixture("invalid/not_json.txt"), to: first.url()).status == 400)  // seq 1
            for name in ["fax_sent_first_attempt", "fax_sent_retry", "fax_received", "fax_received_sdk_field_names"] {  // 2-5
                #expect(try HTTPPost.send(try Self.body(name), to: first.url()).status == 200)
            }
            #expect(try HTTPPost.send(try Package.fixture("invalid/missing_data.json"), to: first.url()).status == 422)  // seq 6
            #expect(first.stop() == 0)

            let second = try HeadlessFaxtop(["--db", database, "--keep", "2"])
            defer { second.stop() }
            // Retention runs in the background; nothing announces a finished pass, so export is asked
            // (beside the running faxtop, as a user would) until the cut shows or a deadline passes.
            let expected = ["5 event 6711aa0000000000000000a1", "4 event 6710c80f5d2e4a9b1c3f7e60", "6 rejected 422"].sorted()
            var kept: [String] = []
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline {
                kept = try ExportEndToEndTests.exportedLines(database).map { line in
                    "\(line["seq"] as? Int ?? 0) \(line["kind"] as? String ?? "?") \(line["hook_id"] as? String ?? line["code"].map { "\($0)" } ?? "?")"
                }.sorted()
                if kept.count <= 3 { break }
                Thread.sleep(forTimeInterval: 0.1)
            }
            #expect(kept == expected, "the two newest events and the rejection after them")
        }
    }
}
