import Dispatch
import FaxCore
import FaxDashboard
@_spi(Benchmarks) import FaxStore
import FaxTestSupport
import Foundation
import Testing

/// While the whole history loads, the screen says its totals are of the newest deliveries only and how
/// far loading has got; once it is in, both go and the totals are of everything. The full read is held
/// back until the test lets it go, so the first frame is always drawn mid-load.
@Suite struct HistoryLoadingScreenTests {
    /// The loop's clock, moved by hand.
    final class Clock: @unchecked Sendable {
        var now: Int64 = 1_000_000
    }

    @Test func theNewestShowFirstMarkedAsSuchUntilTheWholeHistoryIsIn() async throws {
        let store = try InterposedStore()
        try await store.inner.bulkLoadForBenchmark(events: 8_000, receivedAt: Deliveries.baseTime)
        let gate = DispatchSemaphore(value: 0)
        store.holdHistory(until: gate)
        let terminal = InMemoryTerminal(rows: 40, cols: 140)
        let info = ReceiverInfo(url: "http://test/webhook")
        let loop = DashboardLoop(terminal: terminal, dashboard: Dashboard(info: info), intake: DeliveryIntake(ring: EventRing<Delivery>(capacity: 64), store: store),
                                 history: HistoryLoader(store: store), store: store, wake: WakePipe(), receiverInfo: { info })
        let clock = Clock()
        loop.clock = { clock.now }

        loop.step(timeout: 0)
        #expect(terminal.lines[1].hasPrefix(" newest only:  sent 5000  received 0  failed 1000  rejected 0  retries 0  dup 0  30m "),
                "\(terminal.lines[1])")
        #expect(terminal.lines[39].hasSuffix(" loading history 0% · newest shown, numbers and chains when done "),
                "\(terminal.lines[39])")
        #expect(loop.dashboard.model.feed.count == 5_000)

        gate.signal()
        let deadline = Date().addingTimeInterval(30)
        while loop.dashboard.model.feed.count < 8_000, Date() < deadline {
            clock.now += 1_000
            loop.step(timeout: 0)
            try await Task.sleep(for: .milliseconds(10))
        }
        clock.now += 1_000
        loop.step(timeout: 0)
        #expect(loop.dashboard.model.feed.count == 8_000)
        #expect(terminal.lines[1].hasPrefix(" sent 8000  received 0  failed 1600  rejected 0  retries 0  dup 0  30m "), "\(terminal.lines[1])")
        #expect(!terminal.text.contains("loading history"), "\(terminal.lines[39])")
    }
}
