import FaxCore
import FaxTestSupport
import Foundation
import Testing
@testable import FaxStore

/// Opening a store reads its row counts from `store_meta` instead of counting a million rows, and
/// never believes counts that rows changed behind.
@Suite struct StoredCountsTests {
    func sql(_ path: String, _ statement: String) throws -> String {
        let run = try ChildProcess.run("/usr/bin/sqlite3", [path, statement], timeout: 30)
        #expect(run.status == 0, "\(run.stderr)")
        return run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func countsAreStoredWithEachBatchAndReadAtOpen() async throws {
        let directory = TempDirectory()
        let store = try SQLiteEventStore(path: directory.databasePath)
        _ = try await store.append(Sample.event(data: "A"), receivedAt: 1, remote: "r")
        _ = try await store.append(Sample.event(data: "A"), receivedAt: 2, remote: "r")
        _ = try await store.append(Sample.rejection())
        store.close()
        let stored = try sql(directory.databasePath, "SELECT group_concat(key || '=' || value, ' ') FROM (SELECT * FROM store_meta WHERE key LIKE 'count%' ORDER BY key)")
        #expect(stored == "count_duplicates=1 count_events=1 count_rejected=1 counts_seq=3")

        // Counts that agree with the last sequence number are believed (so nothing was counted):
        // a deliberately wrong figure shows through.
        _ = try sql(directory.databasePath, "UPDATE store_meta SET value = 41 WHERE key = 'count_events'")
        let reopened = try SQLiteEventStore(path: directory.databasePath)
        #expect(try reopened.totals() == StoreTotals(events: 41, deliveries: 42, rejected: 1))
        reopened.close()

        // Counts from another point in history are not: the rows are counted again and stored.
        _ = try sql(directory.databasePath, "UPDATE store_meta SET value = 2 WHERE key = 'counts_seq'")
        let recounted = try SQLiteEventStore(path: directory.databasePath)
        #expect(try recounted.totals() == StoreTotals(events: 1, deliveries: 2, rejected: 1))
        _ = try await recounted.append(Sample.event(data: "B"), receivedAt: 3, remote: "r")
        recounted.close()
        #expect(try sql(directory.databasePath, "SELECT value FROM store_meta WHERE key = 'count_events'") == "2")
        #expect(try sql(directory.databasePath, "SELECT value FROM store_meta WHERE key = 'counts_seq'") == "4")
    }

    @Test func pruningRecountsAndAStoreWithoutCountsIsCounted() async throws {
        let directory = TempDirectory()
        let store = try SQLiteEventStore(path: directory.databasePath)
        for i in 0..<10 {
            _ = try await store.append(Sample.event(data: "E\(i)"), receivedAt: Int64(i), remote: "r")
        }
        _ = try await store.append(Sample.rejection())
        #expect(try await store.prune(RetentionPolicy(keep: 4)) == 6)
        _ = try await store.append(Sample.event(data: "F"), receivedAt: 30, remote: "r")
        store.close()
        let reopened = try SQLiteEventStore(path: directory.databasePath)
        #expect(try reopened.totals() == StoreTotals(events: 5, deliveries: 5, rejected: 1))
        reopened.close()

        // A store written before counts were kept has none: it is counted.
        _ = try sql(directory.databasePath, "DELETE FROM store_meta WHERE key LIKE 'count%'")
        let old = try SQLiteEventStore(path: directory.databasePath)
        #expect(try old.totals() == StoreTotals(events: 5, deliveries: 5, rejected: 1))
        old.close()
    }
}
