import FaxCore
import FaxTestSupport
import Foundation
import GRDB
import Testing
@testable import FaxStore

/// The journal's on-disk layout and the way the writer reaches it: the v2 key (one unique index led
/// by `data_id`), the upgrade of stores written with v1, and the WAL write buffer.
@Suite struct JournalLayoutTests {
    /// A WAL-mode connection to `directory`'s database through the buffering VFS, as the store's
    /// writer opens it (buffering still off until a test enables it).
    func bufferingVFSWriter(_ directory: TempDirectory, uriOptions: String = "") throws -> DatabaseQueue {
        try StoreLocation.prepare(path: directory.databasePath)
        var configuration = Configuration()
        configuration.journalMode = .wal
        let uri = WALBufferFilename.forWriter(path: directory.databasePath, synchronous: .full) + uriOptions
        return try DatabaseQueue(path: uri, configuration: configuration)
    }

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

    @Test func theWriterBuffersWALWritesOnlyWhenEveryCommitIsSynced() async throws {
        for (synchronous, vfs, buffering) in [(SQLiteEventStore.Synchronous.full, "faxtop-wal-buffer", true), (.normal, "unix", false)] {
            let directory = TempDirectory()
            let store = try SQLiteEventStore(path: directory.databasePath, options: .init(synchronous: synchronous))
            _ = try await store.append(Sample.event(data: "V"), receivedAt: 1, remote: "r")
            let used = try await store.write("naming the VFS") { db in
                (WALBufferFilename.vfsName(of: db.sqliteConnection!), WALBufferFilename.isBuffering(db.sqliteConnection!))
            }
            #expect(used.0 == vfs, "at \(synchronous)")
            #expect(used.1 == buffering, "at \(synchronous)")
            store.close()
        }
    }

    @Test(arguments: ["FULL", "NORMAL"])
    func readersNeverSeeFramesStillInTheBuffer(synchronous: String) async throws {
        // A writer through the buffering VFS commits while a reader on the default VFS keeps
        // reading: a frame published before it reached the file would be a short read or a wrong
        // count. At NORMAL the VFS must refuse to buffer (SQLite publishes frames without a sync).
        let directory = TempDirectory()
        let writer = try bufferingVFSWriter(directory)
        let buffering = try writer.inDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
            try db.execute(sql: "CREATE TABLE t (n INTEGER PRIMARY KEY, pad BLOB)")
            try db.execute(sql: "CREATE TABLE s (v INTEGER)")
            try db.execute(sql: "INSERT INTO s VALUES (0)")
            return WALBufferFilename.enableBuffering(db.sqliteConnection!)
        }
        #expect(buffering == (synchronous == "FULL"))
        let reader = try DatabasePool(path: directory.databasePath)
        let rounds = 300
        let readerTask = Task.detached {
            var last = 0
            while last < rounds {
                let (count, maximum) = try await reader.read { db in
                    (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") ?? -1, try Int.fetchOne(db, sql: "SELECT IFNULL(MAX(n), 0) FROM t") ?? -1)
                }
                #expect(count == maximum, "a snapshot holds every row up to its newest")
                #expect(count >= last, "rows never disappear")
                last = count
            }
        }
        for n in 1...rounds {
            // Three pages per commit, so each commit is a run of several frames.
            try writer.inDatabase { db in
                try db.execute(sql: "INSERT INTO t (n, pad) VALUES (?, zeroblob(9000))", arguments: [n])
            }
        }
        try await readerTask.value

        // A transaction bigger than the page cache spills frames to the WAL before its commit and
        // rewrites some (SQLite then rewrites the commit frame's checksum too); then a one-page commit.
        try writer.inDatabase { db in
            try db.execute(sql: "PRAGMA cache_size = 5")
            try db.inTransaction {
                for n in 1...2_000 { try db.execute(sql: "INSERT INTO t (n, pad) VALUES (?, zeroblob(200))", arguments: [rounds + n]) }
                try db.execute(sql: "UPDATE t SET pad = zeroblob(100) WHERE n % 2 = 0")
                return .commit
            }
            try db.execute(sql: "UPDATE s SET v = 2")
        }
        let seen = try await reader.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t"), try Int.fetchOne(db, sql: "SELECT v FROM s"))
        }
        #expect(seen.0 == rounds + 2_000 && seen.1 == 2)
        // What is in the files themselves: a copy of the database and its WAL, opened afresh, is
        // recovered from the WAL's frames and checksums (live readers and integrity_check do not
        // check those).
        let copy = TempDirectory()
        try FileManager.default.copyItem(atPath: directory.databasePath, toPath: copy.path + "/copy.sqlite")
        try FileManager.default.copyItem(atPath: directory.databasePath + "-wal", toPath: copy.path + "/copy.sqlite-wal")
        let recovered = try DatabaseQueue(path: copy.path + "/copy.sqlite")
        let fromFiles = try await recovered.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t"), try Int.fetchOne(db, sql: "SELECT v FROM s"),
             try String.fetchOne(db, sql: "PRAGMA integrity_check"))
        }
        #expect(fromFiles.0 == rounds + 2_000 && fromFiles.1 == 2 && fromFiles.2 == "ok", "\(fromFiles)")
        try recovered.close()
        try writer.close()
        try reader.close()
    }

    @Test func noBufferingWhereSQLitePadsFrames() throws {
        // Without powersafe overwrite SQLite pads each commit and syncs in the middle of the padding,
        // so buffered padding would be published: the VFS asks the database file, as SQLite does.
        let directory = TempDirectory()
        let writer = try bufferingVFSWriter(directory, uriOptions: "&psow=0")
        let enabled = try writer.inDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "CREATE TABLE t (n INTEGER)")
            return WALBufferFilename.enableBuffering(db.sqliteConnection!)
        }
        #expect(!enabled)
        try writer.close()
    }

    @Test func aRolledBackBigTransactionLeavesNothingToWriteLater() async throws {
        // A transaction bigger than the page cache would write frames to the WAL before its commit;
        // rolled back, buffered frames would reach the file later, over what another connection
        // committed meanwhile. With buffering on, the writer does not spill.
        let directory = TempDirectory()
        let writer = try bufferingVFSWriter(directory)
        try writer.inDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "CREATE TABLE t (n INTEGER PRIMARY KEY, pad BLOB)")
            try db.execute(sql: "CREATE TABLE s (v INTEGER)")
            try db.execute(sql: "INSERT INTO s VALUES (0)")
            #expect(WALBufferFilename.enableBuffering(db.sqliteConnection!))
            _ = try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            try db.execute(sql: "PRAGMA cache_size = 5")
            try db.inTransaction {
                for n in 1...2_000 { try db.execute(sql: "INSERT INTO t (n, pad) VALUES (?, zeroblob(200))", arguments: [n]) }
                return .rollback
            }
        }
        let other = try DatabaseQueue(path: directory.databasePath)
        try await other.write { db in try db.execute(sql: "UPDATE s SET v = 7") }
        // The writer touches its WAL again (a read), then everyone closes: the last close checkpoints.
        let rows = try writer.inDatabase { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") }
        #expect(rows == 0)
        try other.close()
        try writer.close()
        let reopened = try DatabaseQueue(path: directory.databasePath)
        let after = try await reopened.read { db in
            (try Int.fetchOne(db, sql: "SELECT v FROM s"), try String.fetchOne(db, sql: "PRAGMA integrity_check"))
        }
        #expect(after.0 == 7 && after.1 == "ok", "\(after)")
        try reopened.close()
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
        // This SQLite reads a plain `file:…` name as a URI; the writer opens a URI of its own. The
        // store makes every path absolute, so writer and readers reach the same file.
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
        #expect(WALBufferFilename.uriPath("/a b/c.sqlite") == "/a b/c.sqlite")
        #expect(WALBufferFilename.uriPath("/x?y#z%20") == "/x%3Fy%23z%2520")
        #expect(WALBufferFilename.uriPath("//host/db") == "/host/db")
        #expect(WALBufferFilename.uriPath("relative/db") == "relative/db")
    }
}
