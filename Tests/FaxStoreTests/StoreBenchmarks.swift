import FaxCore
import Foundation
import Testing
@_spi(Benchmarks) @testable import FaxStore

/// Figures, not checks: `FAXTOP_STORE_BENCH=1 swift test --filter StoreBenchmarks`.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["FAXTOP_STORE_BENCH"] != nil))
struct StoreBenchmarks {
    static func appendRate(_ store: any EventStore, label: String, recorder: SinkRecorder, appenders: Int = 32, each: Int = 1_000) async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let latencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
            for t in 0..<appenders {
                group.addTask {
                    var latencies: [Duration] = []
                    latencies.reserveCapacity(each)
                    for i in 0..<each {
                        let begin = clock.now
                        _ = try await store.append(Sample.event(data: "t\(t)-\(i)"), receivedAt: Int64(i), remote: "127.0.0.1")
                        latencies.append(clock.now - begin)
                    }
                    return latencies
                }
            }
            return try await group.reduce(into: [Duration]()) { $0 += $1 }
        }.sorted()
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let total = appenders * each
        func ms(_ d: Duration) -> String { String(format: "%.2f", Double(d.components.attoseconds) / 1e15 + Double(d.components.seconds) * 1000) }
        print("BENCH \(label): \(total) appends from \(appenders) tasks in \(String(format: "%.2f", seconds)) s = \(Int(Double(total) / seconds)) appends/s; "
              + "p50 \(ms(latencies[total / 2])) ms, p99 \(ms(latencies[total * 99 / 100])) ms; "
              + "mean batch \(String(format: "%.1f", Double(total) / Double(max(1, recorder.batchCount))))")
    }

    @Test func appendsPerSecondWith32Appenders() async throws {
        for sync in [SQLiteEventStore.Synchronous.full, .normal] {
            let directory = TempDirectory()
            let recorder = SinkRecorder()
            let store = try SQLiteEventStore(path: directory.databasePath, options: .init(synchronous: sync), sink: recorder.sink)
            try await Self.appendRate(store, label: "sqlite synchronous=\(sync.rawValue)", recorder: recorder)
            store.close()
        }
        let recorder = SinkRecorder()
        try await Self.appendRate(SQLiteEventStore.temporary(sink: recorder.sink), label: "temporary (--memory)", recorder: recorder)
    }

    @Test func streamAMillionStoredEvents() async throws {
        let directory = TempDirectory()
        let store = try SQLiteEventStore(path: directory.databasePath)
        let clock = ContinuousClock()
        let loading = try await clock.measure {
            try await store.bulkLoadForBenchmark(events: 1_000_000, duplicateEvery: 20, rejectionEvery: 100)
        }
        let last = try store.lastSeq()
        print("BENCH bulk load: \(last) deliveries in \(loading)")
        for raw in [false, true] {
            var count = 0
            let streaming = try clock.measure {
                try store.forEachDelivery(from: 1, batchSize: 10_000, rawBodies: raw) { count += $0.count }
            }
            print("BENCH forEachDelivery rawBodies=\(raw): \(count) deliveries in \(streaming)")
        }
        var records = 0
        let toRecords = try clock.measure {
            try store.forEachDelivery(from: 1, batchSize: 10_000, rawBodies: false) { batch in
                for case .accepted(let d) in batch { _ = FeedRecord(d); records += 1 }
            }
        }
        print("BENCH forEachDelivery + FeedRecord: \(records) records in \(toRecords)")
        var exported = 0
        let exporting = try clock.measure {
            try HistoryExporter(store: store).export(format: .jsonl) { exported += $0.utf8.count }
        }
        print("BENCH export jsonl: \(exported) bytes in \(exporting)")
    }
}
