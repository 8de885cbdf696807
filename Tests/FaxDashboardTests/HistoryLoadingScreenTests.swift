import Dispatch
import FaxCore
import FaxDashboard
import FaxStore
import Foundation
import Testing

/// While the whole history loads, the screen says its totals are of the newest deliveries only and how
/// far loading has got; once it is in, both go and the totals are of everything. The full read is held
/// back until the test lets it go, so the first frame is always drawn mid-load.
@Suite struct HistoryLoadingScreenTests {
    /// A store whose whole-history read waits for `gate` (the preview of the newest 5,000 is read at once).
    struct HeldHistoryStore: EventStore {
        let inner: InMemoryEventStore
        let gate: DispatchSemaphore

        func append(_ event: FaxEvent, receivedAt: Int64, remote: String) async throws(StoreError) -> AppendOutcome {
            try await inner.append(event, receivedAt: receivedAt, remote: remote)
        }
        func append(_ rejection: Rejection) async throws(StoreError) -> Int64 { try await inner.append(rejection) }
        func deliveries(in range: ClosedRange<Int64>) throws(StoreError) -> [Delivery] { try inner.deliveries(in: range) }
        func forEachDelivery(from seq: Int64, batchSize: Int, _ body: ([Delivery]) throws -> Void) throws {
            // HistoryLoader reads the preview in one batch of 5,000 and the whole history in batches of 20,000.
            if batchSize > 5_000, gate.wait(timeout: .now() + 30) == .timedOut {
                throw StoreError(.unavailable, "the test never let the history load")
            }
            try inner.forEachDelivery(from: seq, batchSize: batchSize, body)
        }
        func rawBody(seq: Int64) throws(StoreError) -> [UInt8]? { try inner.rawBody(seq: seq) }
        func totals() throws(StoreError) -> StoreTotals { try inner.totals() }
        func lastSeq() throws(StoreError) -> Int64 { try inner.lastSeq() }
    }

    /// The loop's clock, moved by hand.
    final class Clock: @unchecked Sendable {
        var now: Int64 = 1_000_000
    }

    @Test func theNewestShowFirstMarkedAsSuchUntilTheWholeHistoryIsIn() async throws {
        let inner = InMemoryEventStore()
        for i in 0..<8_000 {
            let event = try WebhookDecoder().decode(Deliveries.payload(hookID: String(format: "%024x", i)))
            _ = try await inner.append(event, receivedAt: Deliveries.baseTime, remote: "127.0.0.1")
        }
        let store = HeldHistoryStore(inner: inner, gate: DispatchSemaphore(value: 0))
        let terminal = InMemoryTerminal(rows: 40, cols: 140)
        let info = ReceiverInfo(url: "http://test/webhook")
        let loop = DashboardLoop(terminal: terminal, dashboard: Dashboard(info: info), intake: DeliveryIntake(ring: EventRing<Delivery>(capacity: 64), store: store),
                                 history: HistoryLoader(store: store), store: store, wake: WakePipe(), receiverInfo: { info })
        let clock = Clock()
        loop.clock = { clock.now }

        loop.step(timeout: 0)
        #expect(terminal.lines[1].hasPrefix(" newest only:  sent 5000  received 0  failed 0  rejected 0  retries 0  dup 0  30m "),
                "\(terminal.lines[1])")
        #expect(terminal.lines[39].hasSuffix(" loading history 0% · newest shown, numbers and chains when done "),
                "\(terminal.lines[39])")
        #expect(loop.dashboard.model.feed.count == 5_000)

        store.gate.signal()
        let deadline = Date().addingTimeInterval(30)
        while loop.dashboard.model.feed.count < 8_000, Date() < deadline {
            clock.now += 1_000
            loop.step(timeout: 0)
            try await Task.sleep(for: .milliseconds(10))
        }
        clock.now += 1_000
        loop.step(timeout: 0)
        #expect(loop.dashboard.model.feed.count == 8_000)
        #expect(terminal.lines[1].hasPrefix(" sent 8000  received 0  failed 0  rejected 0  retries 0  dup 0  30m "), "\(terminal.lines[1])")
        #expect(!terminal.text.contains("loading history"), "\(terminal.lines[39])")
    }
}
