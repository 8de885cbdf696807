import FaxCore
import FaxDashboard
import FaxStore
import Foundation

/// `faxtop-bench startup [N]`: with N events stored, the time from opening the store to the first
/// frame (partial history and a progress line) and to the full frame (every event in the model).
struct StartupBenchmark {
    let events: Int

    func run() async throws {
        // FAXTOP_BENCH_DB keeps the database between runs (filled on the first), so repeated runs and
        // profiles measure loading only.
        let kept = ProcessInfo.processInfo.environment["FAXTOP_BENCH_DB"]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-startup-\(UUID().uuidString)")
        defer { if kept == nil { try? FileManager.default.removeItem(at: folder) } }
        let path = kept ?? folder.appendingPathComponent("events.sqlite").path
        let setupStart = Date()
        if kept == nil || !FileManager.default.fileExists(atPath: path) {
            let store = try SQLiteEventStore(path: path)
            try await store.bulkLoadForBenchmark(events: events, duplicateEvery: 20, rejectionEvery: 100)
            store.close()
        }
        print(String(format: "stored %d events in %.1f s (setup, not measured)", events, Date().timeIntervalSince(setupStart)))

        let start = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 }
        let store = try SQLiteEventStore(path: path)
        defer { store.close() }
        let opened = elapsed()
        var dashboard = Dashboard(info: ReceiverInfo(url: "http://127.0.0.1:8080/webhook"))
        let terminal = InMemoryTerminal(rows: 45, cols: 160)
        let history = HistoryLoader(store: store)
        // What the UI loop does: the newest first, then the whole history swapped in when loaded.
        dashboard.apply(history.newest)
        terminal.draw(dashboard.render(size: terminal.size, now: 0), theme: dashboard.theme)
        let firstFrame: Double? = elapsed()
        var built = 0.0
        while !history.isDone {
            if let full = history.takeModel() {
                built = elapsed()
                dashboard.replaceModel(with: full, catchUp: { (try? store.deliveries(in: $0)) ?? [] })
            } else {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        terminal.draw(dashboard.render(size: terminal.size, now: 0), theme: dashboard.theme)
        let full = elapsed()
        let (resident, heap) = (UIBenchmark.residentMegabytes(), UIBenchmark.anonymousMegabytes())
        print(String(format: "open %.0f ms · first frame (newest %d, header says loading) %.0f ms · full history in the model %.0f ms (built %.0f, swapped in and drawn %.0f) · %d deliveries in the model · RSS %.0f MB (heap %.0f MB; the rest is the memory-mapped database)",
                     opened, history.newest.count, firstFrame ?? full, full, built, full - built, dashboard.model.feed.count, resident, heap))
        try breakdown(store)
    }

    /// Where the full load's time goes: reading the summaries, then each part of the model built alone
    /// from deliveries already in memory.
    private func breakdown(_ store: SQLiteEventStore) throws {
        func time(_ body: () throws -> Void) rethrows -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        }
        var all: [Delivery] = []
        let read = try time { try store.forEachDelivery(from: 1, batchSize: 20_000, rawBodies: false) { all += $0 } }
        var records: [FeedRecord] = []
        let makeRecords = time {
            records.reserveCapacity(all.count)
            for case .accepted(let accepted) in all { records.append(FeedRecord(accepted)) }
        }
        var feed = FeedIndex()
        let feedTime = time { for record in records { feed.append(record) } }
        var numbers = NumberStats()
        let numbersTime = time { for record in records { numbers.add(record) } }
        var chains = RetryChains()
        chains.reserveCapacity(records.count)
        let chainsTime = time { for record in records { chains.add(record) } }
        var model = DashboardModel()
        let modelTime = time { model.apply(all) }
        print(String(format: "breakdown: read %d summaries %.0f ms · FeedRecord %.0f ms · feed %.0f ms · numbers %.0f ms (%d) · chains %.0f ms (%d) · whole model from memory %.0f ms",
                     all.count, read, makeRecords, feedTime, numbersTime, numbers.count, chainsTime, chains.chains.count, modelTime))
    }
}
