import Foundation
import FaxCore
import FaxDashboard
@_spi(Benchmarks) import FaxStore
import FaxTestSupport
import Testing

@Suite struct DashboardLoopTests {
    /// Store → ring → loop → in-memory terminal, as in `faxtop watch`.
    final class Rig {
        let ring: EventRing<Delivery>
        let wake = WakePipe()
        let store: InterposedStore
        let terminal = InMemoryTerminal(rows: 40, cols: 140)
        let loop: DashboardLoop

        init(ringCapacity: Int = 1024, preload: Int = 0) async throws {
            let ring = EventRing<Delivery>(capacity: ringCapacity)
            let wake = self.wake
            self.ring = ring
            store = try InterposedStore(sink: { batch in
                for d in batch { ring.push(d) }
                wake.signal()
            })
            // History written before the dashboard started (the sink is not told of it).
            if preload > 0 { try await store.inner.bulkLoadForBenchmark(events: preload, receivedAt: Deliveries.baseTime) }
            let store = self.store
            loop = DashboardLoop(terminal: terminal, dashboard: Dashboard(info: ReceiverInfo(url: "http://test/webhook"),
                                                                          rawBody: { try? store.rawBody(seq: $0) }),
                                 intake: DeliveryIntake(ring: ring, store: store), history: HistoryLoader(store: store), store: store,
                                 wake: wake, receiverInfo: { ReceiverInfo(url: "http://test/webhook") })
            let clock = self.clock
            loop.clock = { clock.now }
        }

        static func event(_ i: Int) throws -> FaxEvent {
            try WebhookDecoder().decode(Deliveries.payload(hookID: String(format: "%024x", i)))
        }

        /// The loop's clock, moved by hand: each `step` is a frame interval later unless told otherwise.
        let clock = ManualClock()

        func step(_ count: Int = 1, after milliseconds: Int64 = 1000) {
            for _ in 0..<count {
                clock.now += milliseconds
                loop.step(timeout: 0)
            }
        }
    }

    @Test func newDeliveriesReachTheScreen() async throws {
        let rig = try await Rig()
        rig.step()
        #expect(rig.terminal.text.contains("Waiting for webhooks"))
        _ = try await rig.store.append(Rig.event(1), receivedAt: Deliveries.baseTime, remote: "127.0.0.1")
        rig.step()
        #expect(rig.terminal.text.contains("000000000000000000000001"))
        #expect(rig.loop.dashboard.model.appliedSeq == 1)
    }

    @Test func newestHistoryShowsFirstThenTheFullHistoryIsSwappedInWithLiveDeliveries() async throws {
        let rig = try await Rig(preload: 60_000)
        _ = try await rig.store.append(Rig.event(999_999), receivedAt: Deliveries.baseTime, remote: "127.0.0.1")
        rig.step()
        // The first frame shows the newest deliveries and the live one, before the full load is done.
        #expect(rig.loop.dashboard.model.appliedSeq == 60_001)
        #expect(rig.terminal.text.contains("00000000000f423f"))
        let deadline = Date().addingTimeInterval(60)
        while rig.loop.dashboard.model.feed.count < 60_001, Date() < deadline {
            rig.step()
            try await Task.sleep(for: .milliseconds(20))
        }
        let model = rig.loop.dashboard.model
        #expect(model.feed.count == 60_001)
        #expect(model.appliedSeq == 60_001)
        #expect(zip(model.feed.records, model.feed.records.dropFirst()).allSatisfy { $0.seq + 1 == $1.seq })
        #expect(model.feed.records.first?.seq == 1)
        rig.step()
        #expect(!rig.terminal.text.contains("newest only:"))
        #expect(!rig.terminal.text.contains("loading history"))
    }

    @Test func ringOverrunIsBackfilledFromTheStore() async throws {
        let rig = try await Rig(ringCapacity: 16)
        rig.step()
        // The UI "stalls" while far more deliveries arrive than the ring holds.
        for i in 0..<500 { _ = try await rig.store.append(Rig.event(i), receivedAt: Deliveries.baseTime, remote: "127.0.0.1") }
        #expect(rig.ring.overruns == 484)
        rig.step()
        let model = rig.loop.dashboard.model
        #expect(model.feed.count == 500)
        #expect(model.feed.records.map(\.seq) == Array(1...500))
    }

    /// When the store cannot be read to fill a gap, the header says deliveries are missing, and once it
    /// can, they arrive in order and the warning goes.
    @Test func aFailedBackfillIsShownInTheHeaderUntilARetrySucceeds() async throws {
        let rig = try await Rig(ringCapacity: 16)
        rig.step()
        rig.store.failReads(StoreError(.unavailable, "disk I/O error"))
        for i in 0..<100 { _ = try await rig.store.append(Rig.event(i), receivedAt: Deliveries.baseTime, remote: "127.0.0.1") }
        rig.step()
        let header = rig.terminal.lines[1]
        #expect(header.hasPrefix(" 100 missing (store: disk I/O error), retrying  sent 0"), "\(header)")
        #expect(rig.loop.dashboard.model.appliedSeq == 0)
        rig.store.failReads(nil)
        rig.step()
        #expect(rig.loop.dashboard.model.feed.records.map(\.seq) == Array(1...100))
        #expect(rig.terminal.lines[1].hasPrefix(" sent 100  received 0"), "\(rig.terminal.lines[1])")
    }

    @Test func onlyChangedCellsAreRedrawn() async throws {
        let rig = try await Rig()
        _ = try await rig.store.append(Rig.event(1), receivedAt: Deliveries.baseTime, remote: "127.0.0.1")
        rig.step()
        _ = try await rig.store.append(Rig.event(2), receivedAt: Deliveries.baseTime, remote: "127.0.0.1")
        rig.step()
        let total = 40 * 140
        #expect(rig.terminal.lastChangedCells > 0)
        #expect(rig.terminal.lastChangedCells < total / 10, "one new row changes a few rows, not the screen")
    }

    @Test func resizeRedrawsAtTheNewSize() async throws {
        let rig = try await Rig()
        rig.step()
        rig.terminal.resize(rows: 20, cols: 70)
        rig.step()
        #expect(rig.terminal.text.contains("Terminal too small"))
        rig.terminal.resize(rows: 30, cols: 100)
        rig.step()
        #expect(rig.terminal.screen.cols == 100)
        #expect(rig.terminal.text.contains("Waiting for webhooks"))
    }

    /// When the rest of history cannot be read, the newest stay on screen, the status bar says why, and
    /// the header keeps saying its totals are of the newest only.
    @Test func aHistoryThatCannotBeReadLeavesTheNewestMarkedAsSuch() async throws {
        let store = try InterposedStore()
        for i in 0..<10 { _ = try await store.append(Rig.event(i), receivedAt: Deliveries.baseTime, remote: "127.0.0.1") }
        store.failHistory(StoreError(.corrupt, "database is damaged"))
        let terminal = InMemoryTerminal(rows: 40, cols: 140)
        let loop = DashboardLoop(terminal: terminal, dashboard: Dashboard(info: ReceiverInfo(url: "http://test/webhook")),
                                 intake: DeliveryIntake(ring: EventRing<Delivery>(capacity: 64), store: store),
                                 history: HistoryLoader(store: store), store: store, wake: WakePipe(),
                                 receiverInfo: { ReceiverInfo(url: "http://test/webhook") })
        let deadline = Date().addingTimeInterval(30)
        while !terminal.text.contains("history could not be loaded"), Date() < deadline {
            _ = loop.step(timeout: 0)
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(terminal.text.contains("history could not be loaded: database is damaged"))
        #expect(terminal.text.contains("newest only:"))
        #expect(loop.dashboard.model.feed.count == 10)
    }

    @Test func qEndsTheLoop() async throws {
        let rig = try await Rig()
        rig.terminal.pendingInput = [.character("q")]
        #expect(rig.loop.step(timeout: 0) == .quit)
    }

    /// Deliveries arriving within one frame interval are applied together and drawn once: under live
    /// traffic a frame per delivery cost the UI thread most of a core.
    @Test func deliveriesWithinAFrameIntervalShareOneFrame() async throws {
        let rig = try await Rig()
        rig.step()
        let framesBefore = rig.terminal.drawCount
        // 30 deliveries, each followed by a wake-up 1 ms later: less than one frame interval (40 ms) in all.
        for i in 1...30 {
            _ = try await rig.store.append(Rig.event(i), receivedAt: Deliveries.baseTime, remote: "127.0.0.1")
            rig.step(after: 1)
        }
        #expect(rig.terminal.drawCount - framesBefore <= 1, "at most one frame within the interval")
        rig.step(after: Int64(rig.loop.frameMilliseconds))
        #expect(rig.terminal.drawCount - framesBefore <= 2)
        #expect(rig.loop.dashboard.model.appliedSeq == 30, "all of them on screen once the frame is due")
        #expect(rig.terminal.text.contains("00000000000000000000001e"))
    }

    /// A key is drawn at once, even when a frame was drawn a moment ago.
    @Test func aKeyIsDrawnAtOnce() async throws {
        let rig = try await Rig()
        rig.step()
        rig.terminal.pendingInput = [.character("?")]
        rig.step(after: 1)
        #expect(rig.terminal.text.contains("faxtop keys"), "the help is on screen 1 ms after the last frame")
    }
}

/// A clock the tests set by hand.
final class ManualClock: @unchecked Sendable {
    var now: Int64 = 1_000_000
}
