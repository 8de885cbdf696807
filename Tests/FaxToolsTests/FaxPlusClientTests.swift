import Foundation
import Testing
@testable import FaxTools

@Suite(.serialized) struct FaxPlusClientTests {
    func withFake(_ body: (FakeFaxPlus, FaxPlusClient) async throws -> Void) async throws {
        let fake = FakeFaxPlus()
        try await withLoopbackServer({ fake.application(onRunning: $0) }) { port in
            let client = FaxPlusClient(baseURL: URL(string: "http://127.0.0.1:\(port)/v3")!, token: FakeFaxPlus.token)
            try await body(fake, client)
        }
    }

    @Test func listAsksForEachEventWithTheBearerToken() async throws {
        try await withFake { fake, client in
            let hooks = try await client.listHooks(event: nil)
            #expect(hooks.map(\.event) == ["fax_sent", "fax_received"])
            #expect(fake.seen.map(\.method) == ["GET", "GET"])
            #expect(fake.seen.map(\.path) == ["/v3/hooks", "/v3/hooks"])
            #expect(fake.seen.map(\.query) == ["event=fax_sent", "event=fax_received"])
            #expect(fake.seen.allSatisfy { $0.authorization == "Bearer \(FakeFaxPlus.token)" })
            let one = try await client.listHooks(event: "fax_received")
            #expect(one == [FaxPlusHook(id: "6710aa0000000000000000a1", target: "https://faxes.example.com/webhook", event: "fax_received")])
        }
    }

    @Test func createPostsTargetAndEventThenDeleteRemovesIt() async throws {
        try await withFake { fake, client in
            let id = try await client.createHook(target: "https://x.example/webhook?token=a\"b", event: "fax_sent")
            let create = try #require(fake.seen.last)
            #expect(create.method == "POST" && create.path == "/v3/hooks")
            #expect(create.contentType == "application/json")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(create.body.utf8)) as? [String: String])
            #expect(json == ["target": "https://x.example/webhook?token=a\"b", "event": "fax_sent"])
            #expect(fake.hookIDs.contains(id))
            try await client.deleteHook(id: id)
            #expect(fake.seen.last?.method == "DELETE" && fake.seen.last?.path == "/v3/hooks/\(id)")
            #expect(!fake.hookIDs.contains(id))
        }
    }

    @Test func wrongTokenIs401WithExitCode3() async throws {
        try await withFake { _, client in
            var bad = client
            bad.token = "nope"
            await #expect(throws: FaxPlusError.unauthorized("invalid_token: The access token is invalid")) {
                try await bad.listHooks(event: "fax_sent")
            }
            #expect(FaxPlusError.unauthorized("").exitCode == 3)
        }
    }

    @Test func deletingAnUnknownHookIs404() async throws {
        try await withFake { _, client in
            do throws(FaxPlusError) {
                try await client.deleteHook(id: "missing")
                Issue.record("expected 404")
            } catch {
                #expect(error == .notFound("not_found: webhook not found"))
                #expect(error.exitCode == 5)
                #expect(error.description.contains("faxtop hooks list"))
            }
        }
    }

    @Test(arguments: [
        (403, [:], #"{"error":"insufficient_scope","description":"missing webhook scope"}"#,
         FaxPlusError.forbidden("insufficient_scope: missing webhook scope"), Int32(4)),
        (429, ["Retry-After": "17"], "", FaxPlusError.rateLimited(retryAfter: "17", message: ""), Int32(6)),
        (500, [:], "<html>oops</html>", FaxPlusError.server(status: 500, message: "<html>oops</html>"), Int32(7)),
        (503, [:], "", FaxPlusError.server(status: 503, message: ""), Int32(7)),
        (418, [:], #"{"message":"teapot"}"#, FaxPlusError.unexpected(status: 418, message: "teapot"), Int32(9)),
    ] as [(Int, [String: String], String, FaxPlusError, Int32)])
    func failuresAreDistinct(status: Int, headers: [String: String], body: String, expected: FaxPlusError, code: Int32) async throws {
        try await withFake { fake, client in
            fake.force(.init(status: status, headers: headers, body: body))
            do throws(FaxPlusError) {
                _ = try await client.listHooks(event: "fax_sent")
                Issue.record("expected \(status)")
            } catch {
                #expect(error == expected)
                #expect(error.exitCode == code)
            }
        }
    }

    @Test func rateLimitMessageShowsRetryAfter() {
        let error = FaxPlusError.rateLimited(retryAfter: "17", message: "")
        #expect(error.description.contains("retry after 17 seconds"))
    }

    @Test func listToleratesOtherShapes() throws {
        let hooks = try FaxPlusClient.decodeList(Array(#"{"hooks":[{"id":"a","target":"t","event":"fax_sent"}]}"#.utf8), event: "fax_sent")
        #expect(hooks == [FaxPlusHook(id: "a", target: "t", event: "fax_sent")])
        let bare = try FaxPlusClient.decodeList(Array(#"[{"id":"b","target":"u"}]"#.utf8), event: "fax_received")
        #expect(bare == [FaxPlusHook(id: "b", target: "u", event: "fax_received")])
        #expect(throws: FaxPlusError.self) { try FaxPlusClient.decodeList(Array("nope".utf8), event: "fax_sent") }
    }

    @Test func closedPortIsANetworkFailure() async throws {
        let fake = FakeFaxPlus()
        var closedPort = 0
        try await withLoopbackServer({ fake.application(onRunning: $0) }) { port in closedPort = port }
        let client = FaxPlusClient(baseURL: URL(string: "http://127.0.0.1:\(closedPort)/v3")!, token: "t")
        do throws(FaxPlusError) {
            _ = try await client.listHooks(event: nil)
            Issue.record("expected a network failure")
        } catch {
            guard case .network(let message) = error else { Issue.record("got \(error)"); return }
            #expect(message.contains("127.0.0.1:\(closedPort)"))
            #expect(error.exitCode == 8)
        }
    }

    @Test func tokenComesFromTheFileOrTheEnvironment() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-token-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "  pat-from-file \nsecond line\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try FaxPlusToken.resolve(tokenFile: path, environment: ["FAXPLUS_TOKEN": "env"]) == "pat-from-file")
        #expect(try FaxPlusToken.resolve(tokenFile: nil, environment: ["FAXPLUS_TOKEN": "env\n"]) == "env")
        #expect(throws: FaxPlusError.self) { try FaxPlusToken.resolve(tokenFile: nil, environment: [:]) }
        #expect(throws: FaxPlusError.self) { try FaxPlusToken.resolve(tokenFile: path + ".missing", environment: [:]) }
        do throws(FaxPlusError) { _ = try FaxPlusToken.resolve(tokenFile: nil, environment: [:]) } catch { #expect(error.exitCode == 2) }
    }

    @Test func hookTable() {
        let hooks = [FaxPlusHook(id: "abc", target: "https://x/webhook", event: "fax_sent"),
                     FaxPlusHook(id: "abcdef", target: "https://y/\u{1b}[2J", event: "fax_received")]
        #expect(HookTable.render(hooks) == """
            ID      EVENT         TARGET
            abc     fax_sent      https://x/webhook
            abcdef  fax_received  https://y/␛[2J
            """)
        #expect(HookTable.render([]) == "no webhooks registered")
        #expect(HookTable.json(hooks).contains(#""target":"https://y/\u001b[2J""#))
    }
}
