import FaxCore
import FaxReceiver
import FaxStore
import FaxTestSupport
import Testing

/// The executable stops the receiver by triggering its `ServiceGroup`'s graceful shutdown (on SIGINT
/// or SIGTERM): new connections are refused, a request in flight still gets its answer.
@Suite struct ShutdownTests {
    @Test func requestInFlightIsAnsweredThenTheServerStops() async throws {
        let store = try InterposedStore()
        store.delayAppends(.milliseconds(700))  // holds the request in flight
        try await TestServer.with(store: store) { server async throws in
            async let inFlight = server.post(Payloads.fax(hookID: "last-one"))
            try await Task.sleep(for: .milliseconds(250))
            await server.group.triggerGracefulShutdown()
            let reply = try await inFlight
            #expect(reply.status == 200)
            #expect(reply.json["status"] as? String == "accepted")
            #expect(try store.totals().events == 1)
        }
    }
}
