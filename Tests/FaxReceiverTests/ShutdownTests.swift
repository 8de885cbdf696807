import FaxCore
import FaxReceiver
import FaxStore
import Testing

/// The executable stops the receiver by triggering its `ServiceGroup`'s graceful shutdown (on SIGINT
/// or SIGTERM): new connections are refused, a request in flight still gets its answer.
@Suite struct ShutdownTests {
    /// An in-memory store whose writes take a while, to hold a request in flight.
    final class SlowStore: EventStore {
        let inner = InMemoryEventStore()
        let delay: Duration
        init(delay: Duration) { self.delay = delay }

        func append(_ event: FaxEvent, receivedAt: Int64, remote: String) async throws(StoreError) -> AppendOutcome {
            try? await Task.sleep(for: delay)
            return try await inner.append(event, receivedAt: receivedAt, remote: remote)
        }
        func append(_ rejection: Rejection) async throws(StoreError) -> Int64 { try await inner.append(rejection) }
        func deliveries(in range: ClosedRange<Int64>) throws(StoreError) -> [Delivery] { try inner.deliveries(in: range) }
        func forEachDelivery(from seq: Int64, batchSize: Int, _ body: ([Delivery]) throws -> Void) throws {
            try inner.forEachDelivery(from: seq, batchSize: batchSize, body)
        }
        func rawBody(seq: Int64) throws(StoreError) -> [UInt8]? { try inner.rawBody(seq: seq) }
        func totals() throws(StoreError) -> StoreTotals { try inner.totals() }
        func lastSeq() throws(StoreError) -> Int64 { try inner.lastSeq() }
    }

    @Test func requestInFlightIsAnsweredThenTheServerStops() async throws {
        let store = SlowStore(delay: .milliseconds(700))
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
