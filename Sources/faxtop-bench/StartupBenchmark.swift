import FaxCore
@_spi(Benchmarks) import FaxDashboard
@_spi(Benchmarks) import FaxStore
import Foundation

/// `faxtop-bench startup [N]`: with N events stored, the time from opening the store to the first
/// frame (partial history and a progress line) and to the full frame (every event in the model).
/// With `FAXTOP_BENCH_DB_URL=postgres://…` the journal is PostgreSQL's (filled on the first run when empty).
struct StartupBenchmark {
    let events: Int

    func run() async throws {
        // FAXTOP_BENCH_DB keeps the database between runs (filled on the first), so repeated runs and
        // profiles measure loading only.
        if let url = ProcessInfo.processInfo.environment["FAXTOP_BENCH_DB_URL"] { return try await runOnPostgres(url) }
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

        try await measure { try SQLiteEventStore(path: path) }
    }

    private func runOnPostgres(_ url: String) async throws {
        let setupStart = Date()
        let loader = try PostgresEventStore(url: url)
        if try loader.lastSeq() == 0 { try loader.bulkLoadForBenchmark(events: events) }
        let stored = try loader.totals().events
        loader.close()
        print(String(format: "PostgreSQL journal holds %d events (setup %.1f s, not measured)", stored, Date().timeIntervalSince(setupStart)))
        try await measure { try PostgresEventStore(url: url, options: .init(readOnly: true)) }
    }

    private func measure(_ open: () throws -> any EventStore) async throws {
        let start = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 }
        let store = try open()
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
        if let timings = history.timingSummary { print("two-thread build: \(timings)") }
        // FAXTOP_BENCH_NO_BREAKDOWN: profile the start-up alone.
        if ProcessInfo.processInfo.environment["FAXTOP_BENCH_NO_BREAKDOWN"] == nil { try breakdown(store) }
    }

    /// Where the full load's time goes: each part of the two-thread build (`HistoryBuild`) run alone,
    /// one after the other.
    private func breakdown(_ store: any EventStore) throws {
        func time(_ body: () throws -> Void) rethrows -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        }
        let last = try store.lastSeq()
        var rows = 0
        let scanFeed = try time { try store.forEachEventSummary(through: last, columns: .feed) { _ in rows += 1 } }
        let scanDerived = try time { try store.forEachEventSummary(through: last, columns: .derived) { _ in rows += 1 } }
        var decoder = FeedRecordDecoder()
        var records: [FeedRecord] = []
        records.reserveCapacity(rows / 2)
        let decode = try time { try store.forEachEventSummary(through: last, columns: .feed) { records.append(decoder.record($0)) } }
        var feed = FeedIndex()
        feed.reserveCapacity(records.count, withSearchColumns: false)
        let feedTime = time { for record in records { feed.appendWithoutSearchColumns(record) } }
        var numbers = NumberStats()
        let numbersTime = time { for index in records.indices { numbers.add(records[index]) } }
        var assignment = ChainAssignment(expectedEvents: records.count)
        var search = SearchColumnsBuilder(expectedRecords: records.count)
        let derived = try time {
            try store.forEachEventSummary(through: last, columns: .derived) { search.add($0, isRetry: assignment.add($0).isRetry) }
        }
        var chains: RetryChains?
        let chainsTime = time { chains = RetryChains(records: records, assignment: assignment) }
        print(String(format: "breakdown (each part alone, events only): scan feed columns %.0f ms · scan derived columns %.0f ms · scan + FeedRecords %.0f ms · feed records %.0f ms · numbers %.0f ms (%d) · scan + search columns and chain ids %.0f ms · chains from records %.0f ms (%d)",
                     scanFeed, scanDerived, decode, feedTime, numbersTime, numbers.count, derived, chainsTime, chains?.chains.count ?? -1))
    }
}
