import FaxCore
import FaxDashboard
import FaxStore
import Foundation

/// `faxtop-bench startup [N]`: with N events stored, the time from opening the store to the first
/// frame (partial history and a progress line) and to the full frame (every event in the model).
struct StartupBenchmark {
    let events: Int

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-startup-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("events.sqlite").path
        let setupStart = Date()
        do {
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
        while !history.isDone {
            if let full = history.takeModel() {
                dashboard.replaceModel(with: full, catchUp: { (try? store.deliveries(in: $0)) ?? [] })
            } else {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        terminal.draw(dashboard.render(size: terminal.size, now: 0), theme: dashboard.theme)
        let full = elapsed()
        // What part of that is reading: the same stream, applied to nothing.
        let readStart = DispatchTime.now().uptimeNanoseconds
        var read = 0
        try store.forEachDelivery(from: 1, batchSize: 20_000, rawBodies: false) { read += $0.count }
        let readOnly = Double(DispatchTime.now().uptimeNanoseconds - readStart) / 1e6
        print(String(format: "reading the %d summaries alone (no model): %.0f ms", read, readOnly))
        print(String(format: "open %.0f ms · first frame (newest %d, header says loading) %.0f ms · full history in the model %.0f ms · %d deliveries in the model · RSS %.0f MB (heap %.0f MB; the rest is the memory-mapped database)",
                     opened, history.newest.count, firstFrame ?? full, full, dashboard.model.feed.count, UIBenchmark.residentMegabytes(),
                     UIBenchmark.anonymousMegabytes()))
    }
}
