import FaxCore
import FaxReceiver
import FaxStore
import FaxTestSupport
import Testing

/// Every row of the HTTP answers table (ARCHITECTURE.md, "HTTP answers"), over real loopback HTTP on IPv4 and
/// IPv6 listeners.
@Suite struct HTTPContractTests {
    static let hosts = ["127.0.0.1", "::1"]

    @Test(arguments: hosts)
    func newValidPayloadIsAcceptedAfterItIsStored(host: String) async throws {
        try await TestServer.with(host: host) { server async throws in
            let reply = try await server.post(try Payloads.fixture("valid/fax_sent_first_attempt.json"))
            #expect(reply.status == 200)
            #expect(reply.body == "{\"status\":\"accepted\",\"seq\":1,\"attempt\":1}\n")
            #expect(reply.header("content-type") == "application/json")
            #expect(try server.store.totals() == StoreTotals(events: 1, deliveries: 1, rejected: 0))
            guard case .accepted(let stored) = try server.deliveries.first else { Issue.record("not stored"); return }
            #expect(stored.remote == host)
            #expect(stored.event.dataID == "6710c3a29e4b1f0c7d2a5e81")
        }
    }

    @Test(arguments: hosts)
    func retryGetsItsAttemptNumber(host: String) async throws {
        try await TestServer.with(host: host) { server async throws in
            _ = try await server.post(try Payloads.fixture("valid/fax_sent_first_attempt.json"))
            let retry = try await server.post(try Payloads.fixture("valid/fax_sent_retry.json"))
            #expect(retry.body == "{\"status\":\"accepted\",\"seq\":2,\"attempt\":2}\n")
        }
    }

    @Test(arguments: hosts)
    func sameDeliveryAgainIsADuplicateStoredOnce(host: String) async throws {
        try await TestServer.with(host: host) { server async throws in
            let body = try Payloads.fixture("valid/fax_received.json")
            _ = try await server.post(body)
            let again = try await server.post(body)
            let third = try await server.post(body)
            #expect(again.status == 200)
            #expect(again.body == "{\"status\":\"duplicate\",\"seq\":1}\n")
            #expect(third.body == "{\"status\":\"duplicate\",\"seq\":1}\n")
            #expect(try server.store.totals() == StoreTotals(events: 1, deliveries: 3, rejected: 0))
            guard case .duplicate(let last) = try server.deliveries.last else { Issue.record("no duplicate"); return }
            #expect(last.deliveryCount == 3)
            #expect(last.eventSeq == 1)
        }
    }

    @Test(arguments: hosts)
    func unknownEventIsStoredAsOther(host: String) async throws {
        try await TestServer.with(host: host) { server async throws in
            let reply = try await server.post(Payloads.fax(event: "fax_page_received", hookID: "aaa1"))
            #expect(reply.status == 200)
            #expect(reply.json["status"] as? String == "accepted")
            guard case .accepted(let stored) = try server.deliveries.first else { Issue.record("not stored"); return }
            #expect(stored.event.hookEvent == "fax_page_received")
        }
    }

    @Test(arguments: hosts)
    func sdkFieldNamesAreAccepted(host: String) async throws {
        try await TestServer.with(host: host) { server async throws in
            let reply = try await server.post(try Payloads.fixture("valid/fax_received_sdk_field_names.json"))
            #expect(reply.status == 200)
        }
    }

    @Test(arguments: hosts)
    func malformedBodiesAre400AndJournaled(host: String) async throws {
        try await TestServer.with(host: host) { server async throws in
            let bodies = [try Payloads.fixture("invalid/not_json.txt"), "", "{\"hook\":{\"id\":\"a\"", "\u{FF}"]
            for body in bodies {
                let reply = try await server.post(body)
                #expect(reply.status == 400, "\(body)")
                #expect(reply.json["error"] is String)
            }
            let invalidUTF8 = try await RawHTTP.request("POST", "/webhook", host: server.host, port: server.port, body: [0x7B, 0xFF, 0xFE, 0x7D])
            #expect(invalidUTF8.status == 400)
            let rejections = try server.rejections
            #expect(rejections.count == bodies.count + 1)
            #expect(rejections.allSatisfy { $0.code == 400 && $0.remote == host && $0.path == "/webhook" })
            #expect(rejections.first?.body == Array(try Payloads.fixture("invalid/not_json.txt").utf8))
        }
    }

    @Test(arguments: hosts)
    func schemaErrorsAre422WithTheField(host: String) async throws {
        try await TestServer.with(host: host) { server async throws in
            let reply = try await server.post(try Payloads.fixture("invalid/pages_wrong_type.json"))
            #expect(reply.status == 422)
            #expect(reply.json["field"] as? String == "data.pages")
            let missing = try await server.post(try Payloads.fixture("invalid/missing_data.json"))
            #expect(missing.status == 422)
            #expect(missing.json["field"] as? String == "data")
            let rejections = try server.rejections
            #expect(rejections.map(\.code) == [422, 422])
            #expect(rejections.first?.field == "data.pages")
        }
    }

    @Test(arguments: hosts)
    func bodyOverTheLimitIs413(host: String) async throws {
        try await TestServer.with(host: host, ReceiverConfiguration(maxBody: 1000)) { server async throws in
            let reply = try await server.post(String(repeating: "x", count: 1001))
            #expect(reply.status == 413)
            // A body of exactly the limit is read whole and decoded: an empty object lacks `hook`.
            let atLimit = try await server.post(String(repeating: " ", count: 998) + "{}")
            #expect(atLimit.status == 422)
            #expect(atLimit.json["field"] as? String == "hook")
            #expect(try server.rejections.map(\.code) == [413, 422])
        }
    }

    @Test(arguments: hosts)
    func otherMethodsAre405WithAllowPost(host: String) async throws {
        try await TestServer.with(host: host) { server async throws in
            for method in ["GET", "PUT", "DELETE", "PATCH", "OPTIONS"] {
                let reply = try await server.request(method, "/webhook")
                #expect(reply.status == 405, "\(method)")
                #expect(reply.header("allow") == "POST")
            }
            let head = try await server.connect()
            let headReply = try await RawHTTP.offPool {
                try head.send("HEAD /webhook HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                return head.readAll()
            }
            #expect(headReply.hasPrefix("HTTP/1.1 405"))
            #expect(try server.rejections.map(\.method) == ["GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"])
        }
    }

    @Test(arguments: hosts)
    func clientNotAllowedIs403(host: String) async throws {
        // Loopback is taken off the allowlist, so the test client is a stranger.
        let configuration = ReceiverConfiguration(allow: [CIDR("34.65.253.117/32")!])
        try await TestServer.with(host: host, configuration) { server async throws in
            let reply = try await server.post(try Payloads.fixture("valid/fax_received.json"))
            #expect(reply.status == 403)
            #expect(reply.json["error"] as? String == "client \(host) is not in the allowlist")
            let rejection = try #require(try server.rejections.first)
            #expect(rejection.code == 403)
            #expect(rejection.reason == "client \(host) is not in the allowlist")
            #expect(rejection.body.isEmpty)
            #expect(try server.store.totals().events == 0)
        }
    }

    @Test(arguments: hosts)
    func allowAnyTurnsTheAllowlistOff(host: String) async throws {
        let configuration = ReceiverConfiguration(allow: [], allowAny: true)
        try await TestServer.with(host: host, configuration) { server async throws in
            #expect(try await server.post(try Payloads.fixture("valid/fax_received.json")).status == 200)
        }
    }

    @Test(arguments: hosts)
    func wrongOrMissingTokenIs401(host: String) async throws {
        try await TestServer.with(host: host, ReceiverConfiguration(token: "s3cr3t-token")) { server async throws in
            let body = try Payloads.fixture("valid/fax_received.json")
            let missing = try await server.post(body)
            #expect(missing.status == 401)
            #expect(missing.json["error"] as? String == "missing token")
            #expect(try await server.post(body, to: "/webhook/nope").status == 401)
            #expect(try await server.post(body, to: "/webhook?token=nope").status == 401)
            #expect(try await server.post(body, to: "/webhook/s3cr3t-token").status == 200)
        }
    }

    @Test(arguments: hosts)
    func storeUnavailableIs503AndNothingIsAcknowledged(host: String) async throws {
        let store = try InterposedStore()
        try await TestServer.with(host: host, store: store) { server async throws in
            store.failWrites(StoreError(.diskFull, "disk full"))
            let reply = try await server.post(try Payloads.fixture("valid/fax_received.json"))
            #expect(reply.status == 503)
            #expect(reply.header("retry-after") == "5")
            #expect(try server.store.totals().events == 0)
            let health = try await server.request("GET", "/healthz")
            #expect(health.status == 503)
            #expect(health.body == "{\"status\":\"failing\",\"error\":\"disk full\",\"events\":0,\"deliveries\":0,\"rejected\":0,\"last_seq\":0}\n")
            store.failWrites(nil)
            #expect(try await server.post(try Payloads.fixture("valid/fax_received.json")).status == 200)
            #expect(try await server.request("GET", "/healthz").status == 200)
        }
    }

    @Test(arguments: hosts)
    func healthzReportsCounts(host: String) async throws {
        try await TestServer.with(host: host) { server async throws in
            _ = try await server.post(try Payloads.fixture("valid/fax_received.json"))
            _ = try await server.post(try Payloads.fixture("valid/fax_received.json"))
            _ = try await server.post("nope")
            let reply = try await server.request("GET", "/healthz")
            #expect(reply.status == 200)
            #expect(reply.body == "{\"status\":\"ok\",\"events\":1,\"deliveries\":2,\"rejected\":1,\"last_seq\":3}\n")
            let post = try await server.request("POST", "/healthz")
            #expect(post.status == 405)
        }
    }

    @Test(arguments: hosts)
    func otherPathsAre404AndNotJournaled(host: String) async throws {
        try await TestServer.with(host: host) { server async throws in
            #expect(try await server.request("GET", "/").status == 404)
            #expect(try await server.post("{}", to: "/webhooks").status == 404)
            #expect(try await server.post("{}", to: "/webhook/extra").status == 404)  // no token configured
            #expect(try await server.post("{}", to: "/wp-login.php").status == 404)
            #expect(try server.store.lastSeq() == 0)
        }
    }
}
