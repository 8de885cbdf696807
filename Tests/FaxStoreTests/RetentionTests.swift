import FaxCore
import Foundation
import Testing
@_spi(Benchmarks) @testable import FaxStore

@Suite struct RetentionTests {
    @Test func keepNewestEvents() async throws {
        let directory = TempDirectory()
        let store = try SQLiteEventStore(path: directory.databasePath)
        for i in 0..<10 {
            _ = try await store.append(Sample.event(data: "E\(i)"), receivedAt: Int64(i), remote: "r")   // seqs 1...10
        }
        _ = try await store.append(Sample.event(data: "E2"), receivedAt: 20, remote: "r")   // 11: repeat of seq 3
        _ = try await store.append(Sample.event(data: "E8"), receivedAt: 21, remote: "r")   // 12: repeat of seq 9
        _ = try await store.append(Sample.rejection())                                      // 13
        let removed = try await store.prune(RetentionPolicy(keep: 4))
        // Keep E6...E9 (seqs 7...10), the repeat of E8 and the rejection; E0...E5 go with E2's repeat.
        #expect(removed == 7)
        #expect(try store.deliveries(in: 1...20).map(\.seq) == [7, 8, 9, 10, 12, 13])
        #expect(try store.totals() == StoreTotals(events: 4, deliveries: 5, rejected: 1))
        #expect(try await store.prune(RetentionPolicy(keep: 4)) == 0)
        // Numbering continues, and a pruned key is new again.
        #expect(try await store.append(Sample.event(data: "E0"), receivedAt: 30, remote: "r") == .accepted(seq: 14, attempt: 1))
    }

    @Test func keepDaysAndNumbersAreNeverReused() async throws {
        let directory = TempDirectory()
        let day: Int64 = 86_400_000
        let now = 100 * day
        let store = try SQLiteEventStore(path: directory.databasePath)
        _ = try await store.append(Sample.event(data: "old"), receivedAt: now - 10 * day, remote: "r")
        _ = try await store.append(Sample.event(data: "mid"), receivedAt: now - 3 * day, remote: "r")
        _ = try await store.append(Sample.event(data: "new"), receivedAt: now - 1 * day, remote: "r")
        // Absurdly long is everything (it overflowed once).
        #expect(try await store.prune(RetentionPolicy(keepDays: 200_000_000_000), now: now) == 0)
        #expect(try await store.prune(RetentionPolicy(keepDays: .max), now: now) == 0)
        #expect(try await store.prune(RetentionPolicy(keepDays: 5), now: now) == 1)
        #expect(try store.deliveries(in: 1...3).map(\.seq) == [2, 3])
        #expect(try await store.prune(RetentionPolicy(keep: 10, keepDays: 0), now: now) == 2)
        #expect(try store.deliveries(in: 1...3).isEmpty)
        store.close()
        let reopened = try SQLiteEventStore(path: directory.databasePath)
        #expect(try reopened.lastSeq() == 3)
        #expect(try await reopened.append(Sample.rejection()) == 4)
    }

    @Test func backgroundRetentionPrunesWhileAppendsGoOn() async throws {
        let directory = TempDirectory()
        let store = try SQLiteEventStore(path: directory.databasePath)
        try await store.bulkLoadForBenchmark(events: 20_000)
        let task = try #require(StoreMaintenance.startRetention(of: store, RetentionPolicy(keep: 100), every: .milliseconds(50)))
        for i in 0..<50 {
            _ = try await store.append(Sample.event(data: "live\(i)"), receivedAt: Int64(i), remote: "r")
        }
        var events = try store.totals().events
        for _ in 0..<100 where events != 100 {
            try await Task.sleep(for: .milliseconds(50))
            events = try store.totals().events
        }
        task.cancel()
        #expect(events == 100)
        #expect(try store.lastSeq() == 20_050)
    }
}
