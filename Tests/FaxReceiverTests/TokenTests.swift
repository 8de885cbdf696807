import FaxCore
import FaxReceiver
import Testing

@Suite struct TokenTests {
    static let token = "s3cr3t-Token_42"
    static let configuration = ReceiverConfiguration(token: token)

    @Test func tokenInPathOrQueryIsAccepted() async throws {
        try await TestServer.with(Self.configuration) { server async throws in
            #expect(try await server.post(Payloads.fax(hookID: "t1"), to: "/webhook/\(Self.token)").status == 200)
            #expect(try await server.post(Payloads.fax(hookID: "t2"), to: "/webhook/\(Self.token)/").status == 200)
            #expect(try await server.post(Payloads.fax(hookID: "t3"), to: "/webhook?token=\(Self.token)").status == 200)
            #expect(try await server.post(Payloads.fax(hookID: "t4"), to: "/webhook?x=1&token=s3cr3t%2DToken_42").status == 200)
            #expect(try server.store.totals().events == 4)
        }
    }

    @Test func missingOrWrongTokenIsRefusedAndJournaledWithoutTheToken() async throws {
        try await TestServer.with(Self.configuration) { server async throws in
            let body = Payloads.fax(hookID: "t1")
            let cases: [(String, String)] = [
                ("/webhook", "missing token"), ("/webhook/s3cr3t-Token_41", "wrong token"),
                ("/webhook?token=s3cr3t-Token_4", "wrong token"), ("/webhook/", "missing token"),
                ("/webhook?token=", "wrong token"),
            ]
            for (target, reason) in cases {
                let reply = try await server.post(body, to: target)
                #expect(reply.status == 401, "\(target)")
                #expect(reply.json["error"] as? String == reason, "\(target)")
                #expect(!reply.body.contains("Token_4"))
            }
            let rejections = try server.rejections
            #expect(rejections.map(\.code) == Array(repeating: 401, count: cases.count))
            #expect(rejections.map(\.path) == ["/webhook", "/webhook/***", "/webhook?token=***", "/webhook", "/webhook?token=***"])
            #expect(rejections.allSatisfy { $0.body.isEmpty })
            #expect(try server.store.totals().events == 0)
        }
    }

    @Test func tokenIsCheckedBeforeTheMethod() async throws {
        try await TestServer.with(Self.configuration) { server async throws in
            #expect(try await server.request("GET", "/webhook/wrong").status == 401)
            #expect(try await server.request("GET", "/webhook/\(Self.token)").status == 405)
        }
    }

    @Test func laterRefusalsDoNotJournalOrLogTheRightToken() async throws {
        try await TestServer.with(Self.configuration) { server async throws in
            _ = try await server.post("not json", to: "/webhook/\(Self.token)")
            _ = try await server.post("not json", to: "/webhook?token=\(Self.token)")
            _ = try await server.request("PUT", "/webhook/\(Self.token)")
            _ = try await server.post("nope", to: "/webhook/wrong-token-xyz")
            let rejections = try server.rejections
            #expect(rejections.map(\.path) == ["/webhook/***", "/webhook?token=***", "/webhook/***", "/webhook/***"])
            for rejection in rejections {
                #expect(!rejection.path.contains(Self.token) && !rejection.reason.contains(Self.token))
            }
            let logs = server.logs.all
            #expect(logs.contains { $0.contains("refused") })
            #expect(!logs.contains { $0.contains(Self.token) || $0.contains("wrong-token-xyz") })
        }
    }

    @Test func healthzNeedsNoToken() async throws {
        try await TestServer.with(Self.configuration) { server async throws in
            #expect(try await server.request("GET", "/healthz").status == 200)
        }
    }
}
