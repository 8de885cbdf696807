import FaxCore
import FaxReceiver
import Testing

/// A tunnel or reverse proxy on loopback forwarding to the receiver, simulated by the test client
/// (a loopback peer) sending the forwarding headers a proxy would add.
@Suite struct ProxyTests {
    /// Fax.Plus only: loopback is a trusted proxy but not itself allowed to post.
    static let faxPlusOnly = ReceiverConfiguration(allow: [CIDR("34.65.253.117/32")!, CIDR("34.65.146.131/32")!])

    @Test(arguments: ["127.0.0.1", "::1"])
    func faxPlusThroughTheTunnelIsAccepted(host: String) async throws {
        try await TestServer.with(host: host, Self.faxPlusOnly) { server async throws in
            let reply = try await server.post(try Payloads.fixture("valid/fax_received.json"),
                                              headers: [("X-Forwarded-For", "34.65.146.131")])
            #expect(reply.status == 200)
            guard case .accepted(let stored) = try server.deliveries.first else { Issue.record("not stored"); return }
            #expect(stored.remote == "34.65.146.131")
        }
    }

    @Test func internetClientThroughTheTunnelIsRefused() async throws {
        try await TestServer.with(Self.faxPlusOnly) { server async throws in
            let reply = try await server.post(try Payloads.fixture("valid/fax_received.json"),
                                              headers: [("X-Forwarded-For", "203.0.113.9")])
            #expect(reply.status == 403)
            let rejection = try #require(try server.rejections.first)
            #expect(rejection.remote == "203.0.113.9")
            #expect(rejection.reason == "client 203.0.113.9 is not in the allowlist (forwarded by 127.0.0.1)")
        }
    }

    @Test func spoofedFaxPlusAddressLeftOfTheRealClientIsRefused() async throws {
        try await TestServer.with(Self.faxPlusOnly) { server async throws in
            let reply = try await server.post(try Payloads.fixture("valid/fax_received.json"),
                                              headers: [("X-Forwarded-For", "34.65.253.117, 203.0.113.9")])
            #expect(reply.status == 403)
        }
    }

    @Test func forwardedHeaderIsUnderstood() async throws {
        try await TestServer.with(Self.faxPlusOnly) { server async throws in
            let body = try Payloads.fixture("valid/fax_received.json")
            #expect(try await server.post(body, headers: [("Forwarded", "for=34.65.253.117;proto=https")]).status == 200)
            #expect(try await server.post(body, headers: [("Forwarded", "for=\"[2001:db8::1]:4711\"")]).status == 403)
            #expect(try server.rejections.first?.remote == "2001:db8::1")
        }
    }

    @Test func forgedForwardedBesideRealXForwardedForIsRefused() async throws {
        // The proxy writes X-Forwarded-For; the client forged Forwarded, which the proxy passed on.
        try await TestServer.with(Self.faxPlusOnly) { server async throws in
            let reply = try await server.post(try Payloads.fixture("valid/fax_received.json"), headers: [
                ("Forwarded", "for=34.65.253.117"), ("X-Forwarded-For", "203.0.113.9"),
            ])
            #expect(reply.status == 403)
            #expect(try server.rejections.first?.remote == "203.0.113.9")
        }
    }

    @Test func headersFromAnUntrustedPeerAreIgnored() async throws {
        var configuration = Self.faxPlusOnly
        configuration.trustProxy = []
        try await TestServer.with(configuration) { server async throws in
            let reply = try await server.post(try Payloads.fixture("valid/fax_received.json"),
                                              headers: [("X-Forwarded-For", "34.65.253.117")])
            #expect(reply.status == 403)
            #expect(try server.rejections.first?.reason == "client 127.0.0.1 is not in the allowlist")
        }
    }

    @Test func localClientWithoutHeadersStillWorksByDefault() async throws {
        try await TestServer.with(ReceiverConfiguration()) { server async throws in
            #expect(try await server.post(try Payloads.fixture("valid/fax_received.json")).status == 200)
        }
    }

    @Test func healthzIsBehindTheAllowlist() async throws {
        try await TestServer.with(Self.faxPlusOnly) { server async throws in
            #expect(try await server.request("GET", "/healthz").status == 403)
            #expect(try await server.request("GET", "/healthz", headers: [("X-Forwarded-For", "34.65.253.117")]).status == 200)
        }
    }
}
