import FaxCore
import FaxTestSupport
import Foundation
import GRDB
import Testing
@testable import FaxStore

/// The journal's on-disk layout and the way the writer reaches it: the v2 key (one unique index led
/// by `data_id`), the upgrade of stores written with v1, and file names SQLite could misread.
@Suite struct JournalLayoutTests {
    @Test func aVersionOneStoreIsUpgradedWithEveryRowKept() async throws {
        let directory = TempDirectory()
        try StoreLocation.prepare(path: directory.databasePath)
        // A store as the first release wrote it: retries of A, a repeat of B, a rejection.
        let old = try DatabaseQueue(path: directory.databasePath)
        try Schema.migrator.migrate(old, upTo: "v1: events, duplicates, rejections")
        try await old.write { db in
            try JournalWrites.insertEvent(Sample.event(data: "A"), seq: 1, receivedAt: 10, remote: "r", attempt: 1, db)
            try JournalWrites.insertEvent(Sample.event(data: "A", hook: "A2"), seq: 2, receivedAt: 20, remote: "r", attempt: 2, db)
            try JournalWrites.insertEvent(Sample.event(data: "B"), seq: 3, receivedAt: 30, remote: "r", attempt: 1, db)
            try db.execute(sql: "UPDATE events SET delivery_count = 2, last_delivery_at = 40 WHERE seq = 3")
            try db.execute(sql: "INSERT INTO duplicates (seq, event_seq, received_at, remote, delivery_count) VALUES (4, 3, 40, 'r', 2)")
            var rejection = Sample.rejection()
            rejection.seq = 5
            try JournalWrites.insert(rejection, db)
            try JournalWrites.setLastSeq(5, db)
        }
        let notice = try await old.read { db in try Schema.upgradeNotice(db, minimumEvents: 3) }
        #expect(notice?.contains("(3 events") == true, "\(String(describing: notice))")
        #expect(try await old.read { db in try Schema.upgradeNotice(db, minimumEvents: 4) } == nil, "small stores upgrade quietly")
        try old.close()

        let store = try SQLiteEventStore(path: directory.databasePath)
        #expect(try store.totals() == StoreTotals(events: 3, deliveries: 4, rejected: 1))
        var history: [Delivery] = []
        try store.forEachDelivery(from: 0, batchSize: 10) { history += $0 }
        #expect(history.map(\.seq) == [1, 2, 3, 4, 5])
        guard case .accepted(let retry) = history[1] else { Issue.record("seq 2 is \(history[1])"); return }
        #expect(retry.event.hookID == "A2" && retry.attempt == 2 && retry.event.raw == Sample.event(data: "A", hook: "A2").raw)

        // The upgraded key still knows every stored event: repeats are repeats, retries count on.
        #expect(try await store.append(Sample.event(data: "B"), receivedAt: 50, remote: "r") == .duplicate(seq: 3, deliveryCount: 3))
        #expect(try await store.append(Sample.event(data: "A", hook: "A3"), receivedAt: 60, remote: "r") == .accepted(seq: 7, attempt: 3))
        let layout = try await store.write("reading the schema") { db in
            (try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'events'") ?? "",
             try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'"))
        }
        #expect(layout.0.contains("UNIQUE (data_id, hook_event, hook_id)"))
        #expect(layout.1.count == 1, "one index on events, the unique key: \(layout.1)")
        #expect(try await store.write("checking") { db in try Schema.upgradeNotice(db, minimumEvents: 0) } == nil)
        store.close()
    }

    @Test func aRepeatIsFoundByTheKeyAfterTheInsertGivesWay() async throws {
        let directory = TempDirectory()
        let store = try SQLiteEventStore(path: directory.databasePath)
        // Same data.id, different event or hook id: distinct events. Same triple: a repeat.
        #expect(try await store.append(Sample.event(data: "X"), receivedAt: 1, remote: "r") == .accepted(seq: 1, attempt: 1))
        #expect(try await store.append(Sample.event(data: "X", hook: "X2"), receivedAt: 2, remote: "r") == .accepted(seq: 2, attempt: 2))
        let received = try await store.append(Sample.event(data: "X", kind: "fax_received"), receivedAt: 3, remote: "r")
        guard case .accepted(seq: 3, _) = received else { Issue.record("fax_received X: \(received)"); return }
        #expect(try await store.append(Sample.event(data: "X", kind: "fax_received"), receivedAt: 4, remote: "r") == .duplicate(seq: 3, deliveryCount: 2))
        #expect(try await store.append(Sample.event(data: "X", hook: "X2"), receivedAt: 5, remote: "r") == .duplicate(seq: 2, deliveryCount: 2))
        #expect(try await store.append(Sample.event(data: "X", hook: "X2"), receivedAt: 6, remote: "r") == .duplicate(seq: 2, deliveryCount: 3))
        #expect(try store.totals() == StoreTotals(events: 3, deliveries: 6, rejected: 0))
        store.close()
    }

    @Test func aTransactionLeftOpenDoesNotBlockTheNextBatch() async throws {
        // If a ROLLBACK ever fails, the connection stays inside a transaction and every BEGIN after it
        // would fail: the writer ends such a transaction before it begins a batch.
        let directory = TempDirectory()
        let store = try SQLiteEventStore(path: directory.databasePath)
        let writer = try #require(store.groupWriter)
        writer.injectBeforeEachBatch("BEGIN")
        #expect(try await store.append(Sample.event(data: "T1"), receivedAt: 1, remote: "r") == .accepted(seq: 1, attempt: 1))
        #expect(try await store.append(Sample.event(data: "T2"), receivedAt: 2, remote: "r") == .accepted(seq: 2, attempt: 1))
        writer.injectBeforeEachBatch(nil)
        store.close()
        let reopened = try SQLiteEventStore(path: directory.databasePath)
        #expect(try reopened.totals().events == 2, "both batches committed")
        reopened.close()
    }

    @Test func aPathThatLooksLikeAURIOpensThatFile() async throws {
        let directory = TempDirectory()
        let path = directory.path + "/odd ?x=1#part%41/events.sqlite"
        let store = try SQLiteEventStore(path: path)
        _ = try await store.append(Sample.event(data: "U"), receivedAt: 1, remote: "r")
        store.close()
        #expect(FileManager.default.fileExists(atPath: path))
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(names == ["odd ?x=1#part%41"], "nothing created beside it: \(names)")
        let reopened = try SQLiteEventStore(path: path)
        #expect(try reopened.totals().events == 1)
        reopened.close()
    }

    @Test func pathsThatSQLiteCouldReadAsURIsNameOneFile() async throws {
        // This SQLite reads a plain `file:…` name as a URI. The store makes every path absolute, so
        // writer and readers reach the same file.
        #expect(SQLiteEventStore.absolute("file:events.sqlite", currentDirectory: "/data") == "/data/file:events.sqlite")
        #expect(SQLiteEventStore.absolute("db/e.sqlite", currentDirectory: "/data") == "/data/db/e.sqlite")
        #expect(SQLiteEventStore.absolute("/abs/e.sqlite", currentDirectory: "/data") == "/abs/e.sqlite")
        let directory = TempDirectory()
        let path = directory.path + "/file:x/events.sqlite"
        let store = try SQLiteEventStore(path: path)
        _ = try await store.append(Sample.event(data: "R"), receivedAt: 1, remote: "r")
        var history: [Delivery] = []
        try store.forEachDelivery(from: 0, batchSize: 10) { history += $0 }
        #expect(history.map(\.seq) == [1], "the readers see what the writer wrote")
        store.close()
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func uriPathsEscapeWhatSQLiteWouldReadAsSyntax() {
        #expect(SQLiteURI.path("/a b/c.sqlite") == "/a b/c.sqlite")
        #expect(SQLiteURI.path("/x?y#z%20") == "/x%3Fy%23z%2520")
        #expect(SQLiteURI.path("//host/db") == "/host/db")
        #expect(SQLiteURI.path("relative/db") == "relative/db")
    }
}
