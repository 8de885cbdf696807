import FaxCore
import FaxTestSupport
import Foundation
import Synchronization
import Testing
@testable import FaxStore

@Suite struct SQLiteEventStoreTests {
    @Test func historySurvivesCloseAndReopen() async throws {
        let directory = TempDirectory()
        let first = try SQLiteEventStore(path: directory.databasePath)
        _ = try await first.append(Sample.event(data: "A"), receivedAt: 1, remote: "r")
        _ = try await first.append(Sample.rejection())
        _ = try await first.append(Sample.event(data: "A"), receivedAt: 2, remote: "r")
        let before = try first.deliveries(in: 1...3)
        first.close()

        let recorder = SinkRecorder()
        let second = try SQLiteEventStore(path: directory.databasePath, sink: recorder.sink)
        #expect(try second.deliveries(in: 1...3) == before)
        #expect(try second.lastSeq() == 3)
        #expect(try second.totals() == StoreTotals(events: 1, deliveries: 2, rejected: 1))
        // Numbering and duplicate detection carry on where they were.
        #expect(try await second.append(Sample.event(data: "A"), receivedAt: 3, remote: "r") == .duplicate(seq: 1, deliveryCount: 3))
        #expect(try await second.append(Sample.event(data: "A", hook: "B"), receivedAt: 4, remote: "r") == .accepted(seq: 5, attempt: 2))
        #expect(recorder.seqs == [4, 5])
    }

    /// A user who copies `events.sqlite` after faxtop exits (a backup) gets every event: a clean close
    /// moves the WAL into the database file and removes it.
    @Test func aCleanCloseLeavesEveryEventInTheDatabaseFileAlone() async throws {
        let directory = TempDirectory()
        let store = try SQLiteEventStore(path: directory.databasePath)
        for index in 1...50 {
            _ = try await store.append(Sample.event(data: "D\(index)"), receivedAt: Int64(index), remote: "r")
        }
        _ = try await store.append(Sample.rejection())
        // The reader pool has been used, as the UI uses it, before closing.
        #expect(try store.deliveries(in: 1...51).count == 51)
        store.close()
        #expect(!FileManager.default.fileExists(atPath: directory.databasePath + "-wal"))

        let copy = directory.path + "/copy/events.sqlite"
        try FileManager.default.createDirectory(atPath: directory.path + "/copy", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: directory.databasePath, toPath: copy)
        let reopened = try SQLiteEventStore(path: copy, options: .init(readOnly: true))
        defer { reopened.close() }
        #expect(try reopened.lastSeq() == 51)
        #expect(try reopened.totals() == StoreTotals(events: 50, deliveries: 50, rejected: 1))
    }

    @Test func directoryIs0700AndFilesAre0600() async throws {
        let directory = TempDirectory()
        let path = directory.path + "/nested/faxtop/events.sqlite"
        let store = try SQLiteEventStore(path: path)
        _ = try await store.append(Sample.event(data: "A"), receivedAt: 1, remote: "r")
        #expect(fileMode(directory.path + "/nested/faxtop") == 0o700)
        #expect(fileMode(path) == 0o600)
        #expect(fileMode(path + "-wal") == 0o600)
        #expect(fileMode(path + ".lock") == 0o600)
        store.close()
    }

    @Test func defaultPathFollowsXDG() {
        #expect(StoreLocation.defaultPath(environment: ["XDG_DATA_HOME": "/x/data", "HOME": "/home/u"]) == "/x/data/faxtop/events.sqlite")
        #expect(StoreLocation.defaultPath(environment: ["HOME": "/home/u"]) == "/home/u/.local/share/faxtop/events.sqlite")
        #expect(StoreLocation.defaultPath(environment: ["XDG_DATA_HOME": "relative", "HOME": "/home/u"]) == "/home/u/.local/share/faxtop/events.sqlite")
    }

    @Test func aSecondWriterIsRefusedWithThePid() async throws {
        let directory = TempDirectory()
        let first = try SQLiteEventStore(path: directory.databasePath)
        _ = try await first.append(Sample.event(data: "A"), receivedAt: 1, remote: "r")
        let error = #expect(throws: StoreError.self) { try SQLiteEventStore(path: directory.databasePath) }
        #expect(error?.kind == .locked)
        #expect(error?.message.contains("in use by another faxtop (pid \(getpid()))") == true)
        // A reader (export) can open it while the writer runs, and sees committed history.
        let reader = try SQLiteEventStore(path: directory.databasePath, options: .init(readOnly: true))
        #expect(try reader.lastSeq() == 1)
        await #expect(throws: StoreError.self) { try await reader.append(Sample.rejection()) }
        // The first store still works; once it closes, another may take over.
        _ = try await first.append(Sample.event(data: "B"), receivedAt: 2, remote: "r")
        #expect(try reader.lastSeq() == 2)
        first.close()
        let third = try SQLiteEventStore(path: directory.databasePath)
        #expect(try await third.append(Sample.rejection()) == 3)
    }

    /// Another name for the same file (a hard link, a symbolic link) is the same database: a second
    /// faxtop is refused, whichever `.lock` file its name would give.
    @Test func aSecondWriterThroughALinkIsRefused() async throws {
        let directory = TempDirectory()
        let first = try SQLiteEventStore(path: directory.databasePath)
        defer { first.close() }
        _ = try await first.append(Sample.event(data: "A"), receivedAt: 1, remote: "r")
        let hard = directory.path + "/hard.sqlite", soft = directory.path + "/soft.sqlite"
        #expect(link(directory.databasePath, hard) == 0)
        #expect(symlink(directory.databasePath, soft) == 0)
        for name in [hard, soft] {
            let error = #expect(throws: StoreError.self) { try SQLiteEventStore(path: name) }
            #expect(error?.kind == .locked)
            #expect(error?.message.contains("in use by another faxtop") == true)
        }
        #expect(try await first.append(Sample.event(data: "B"), receivedAt: 2, remote: "r") == .accepted(seq: 2, attempt: 1))
    }

    /// `rm events.sqlite` while faxtop runs: SQLite would go on writing to the deleted file, so every
    /// webhook would be answered 200 and lost at exit. The writer answers 503 instead, and carries on
    /// once the file is back.
    @Test func aDeletedOrReplacedDatabaseFileFailsWritesUntilItIsBack() async throws {
        let directory = TempDirectory()
        let path = directory.databasePath
        let store = try SQLiteEventStore(path: path)
        defer { store.close() }
        _ = try await store.append(Sample.event(data: "A"), receivedAt: 1, remote: "r")
        let aside = directory.path + "/aside.sqlite"
        #expect(rename(path, aside) == 0)
        var failure: StoreError?
        do { _ = try await store.append(Sample.event(data: "B"), receivedAt: 2, remote: "r") } catch { failure = error }
        #expect(failure?.kind == .unavailable)
        #expect(failure?.message.contains("was deleted while faxtop ran") == true)
        #expect(!store.health.isOK)
        #expect(!FileManager.default.fileExists(atPath: path), "no new, empty database in its place")

        // Another file moved into its place is not written either.
        let other = try SQLiteEventStore(path: directory.path + "/other/events.sqlite")
        other.close()
        #expect(rename(directory.path + "/other/events.sqlite", path) == 0)
        failure = nil
        do { _ = try await store.append(Sample.event(data: "B"), receivedAt: 2, remote: "r") } catch { failure = error }
        #expect(failure?.message.contains("was replaced by another file") == true)

        // The original back: writing goes on where it was, and the health probe clears the failure.
        #expect(rename(aside, path) == 0)
        #expect(await store.checkHealth().isOK)
        #expect(try await store.append(Sample.event(data: "B"), receivedAt: 3, remote: "r") == .accepted(seq: 2, attempt: 1))
        #expect(try store.lastSeq() == 2)
    }

    /// Another faxtop database moved over the one in use: the old WAL beside the path must not be
    /// replayed onto it when faxtop starts again (SQLite skips its checkpoint at close for a moved file).
    @Test func aReplacementFileIsNotOverwrittenByTheOldWAL() async throws {
        let directory = TempDirectory()
        let path = directory.databasePath
        let store = try SQLiteEventStore(path: path)
        for id in ["A", "B", "C"] { _ = try await store.append(Sample.event(data: id), receivedAt: 1, remote: "r") }
        let otherPath = directory.path + "/other/events.sqlite"
        let other = try SQLiteEventStore(path: otherPath)
        _ = try await other.append(Sample.rejection())
        other.close()
        #expect(rename(otherPath, path) == 0)
        var failure: StoreError?
        do { _ = try await store.append(Sample.event(data: "D"), receivedAt: 2, remote: "r") } catch { failure = error }
        #expect(failure?.message.contains("was replaced by another file") == true)
        store.close()

        let reopened = try SQLiteEventStore(path: path)
        defer { reopened.close() }
        #expect(try reopened.lastSeq() == 1)
        #expect(try reopened.totals() == StoreTotals(events: 0, deliveries: 0, rejected: 1))
    }

    /// The watch holds from the start, even when the writer could not open at first (the file was
    /// locked): deleting the file then must not let the writer create an empty one in its place.
    @Test func aFileDeletedBeforeTheWriterFirstOpenedIsNotRecreated() async throws {
        let directory = TempDirectory()
        let path = directory.databasePath
        let first = try SQLiteEventStore(path: path)
        _ = try await first.append(Sample.event(data: "A"), receivedAt: 1, remote: "r")
        first.close()
        let lock = try SQLiteWriteLock(database: path, folder: directory.path)
        try await lock.held(within: 20)
        let store = try SQLiteEventStore(path: path, options: .init(busyTimeout: 0.2))
        defer { store.close() }
        #expect(!store.health.isOK, "the writer could not open while the file was locked")
        #expect(lock.release())
        #expect(await ChildProcess.exit(of: lock.process) == 0)
        #expect(rename(path, directory.path + "/aside.sqlite") == 0)
        // Until the wait after the failed open is over, appends get that failure (locked) again.
        var outcome: Result<AppendOutcome, StoreError> = .failure(StoreError(.locked, "not tried yet"))
        for _ in 0..<100 {
            do { outcome = .success(try await store.append(Sample.event(data: "B"), receivedAt: 2, remote: "r")) }
            catch { outcome = .failure(error) }
            if case .failure(let error) = outcome, error.kind == .locked {
                try await Task.sleep(for: .milliseconds(100))
                continue
            }
            break
        }
        guard case .failure(let failure) = outcome else { Issue.record("stored into a new file: \(outcome)"); return }
        #expect(failure.message.contains("was deleted while faxtop ran"), "\(failure)")
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func readOnlyFileFailsWritesThenRecovers() async throws {
        let directory = TempDirectory()
        let path = directory.databasePath
        let first = try SQLiteEventStore(path: path)
        _ = try await first.append(Sample.event(data: "A"), receivedAt: 1, remote: "r")
        first.close()

        try setWritable(path, false)
        let recorder = SinkRecorder()
        let store = try SQLiteEventStore(path: path, sink: recorder.sink)
        #expect(try store.deliveries(in: 1...1).count == 1, "history still readable")
        #expect(store.health != .ok)
        let error = await #expect(throws: StoreError.self) {
            try await store.append(Sample.event(data: "B"), receivedAt: 2, remote: "r")
        }
        #expect(error?.kind == .readOnly)
        #expect(store.health == .failing(error!))
        #expect(try store.lastSeq() == 1)
        #expect(recorder.seqs.isEmpty)

        #expect(await store.checkHealth() != .ok)
        try setWritable(path, true)
        #expect(await store.checkHealth() == .ok, "the failure clears without an append")
        #expect(try await store.append(Sample.event(data: "B"), receivedAt: 3, remote: "r") == .accepted(seq: 2, attempt: 1))
        #expect(store.health == .ok)
        #expect(recorder.seqs == [2])
    }

    @Test func diskFullFailsTheWholeBatchAndTheSequenceDoesNotAdvance() async throws {
        let directory = TempDirectory()
        let recorder = SinkRecorder()
        let store = try SQLiteEventStore(path: directory.databasePath, sink: recorder.sink)
        _ = try await store.append(Sample.event(data: "A"), receivedAt: 1, remote: "r")
        let writer = try #require(store.groupWriter)
        // Cap the file at its current size: the next page SQLite needs gives SQLITE_FULL.
        writer.injectBeforeEachBatch("PRAGMA max_page_count = 1")
        let big = String(repeating: "x", count: 8_000)
        let results = await withTaskGroup(of: Result<AppendOutcome, StoreError>.self) { group in
            for i in 0..<8 {
                group.addTask {
                    do throws(StoreError) {
                        return .success(try await store.append(Sample.event(data: "F\(i)", fileName: big), receivedAt: 2, remote: "r"))
                    } catch { return .failure(error) }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        for result in results {
            guard case .failure(let error) = result else { Issue.record("expected failure, got \(result)"); continue }
            #expect(error.kind == .diskFull)
        }
        #expect(try store.lastSeq() == 1)
        if case .failing(let error) = store.health { #expect(error.kind == .diskFull) } else { Issue.record("health not failing") }
        // The health probe (every 2 s while failing) must not call a disk that is still full fine:
        // a rolled-back test write never reaches the WAL, so it did.
        if case .failing(let error) = await store.checkHealth() { #expect(error.kind == .diskFull) } else { Issue.record("the probe cleared a full disk") }

        writer.injectBeforeEachBatch("PRAGMA max_page_count = 1073741823")
        #expect(await store.checkHealth() == .ok)
        #expect(try await store.append(Sample.event(data: "F0", fileName: big), receivedAt: 3, remote: "r") == .accepted(seq: 2, attempt: 1))
        #expect(store.health == .ok)
        #expect(recorder.seqs == [1, 2])
        #expect(try store.deliveries(in: 1...10).map(\.seq) == [1, 2])
    }

    @Test func anotherProcessHoldingTheWriteLockGivesLockedThenRecovers() async throws {
        let directory = TempDirectory()
        let store = try SQLiteEventStore(path: directory.databasePath, options: .init(busyTimeout: 0.2))
        _ = try await store.append(Sample.event(data: "A"), receivedAt: 1, remote: "r")
        // Another connection (as another process would) keeps a write transaction open.
        let lock = try SQLiteWriteLock(database: directory.databasePath, folder: directory.path, ending: "COMMIT")
        try await lock.held(within: 20)
        let error = await #expect(throws: StoreError.self) {
            try await store.append(Sample.event(data: "B"), receivedAt: 2, remote: "r")
        }
        #expect(error?.kind == .locked)
        #expect(lock.release())
        #expect(await ChildProcess.exit(of: lock.process) == 0)
        #expect(try await store.append(Sample.event(data: "B"), receivedAt: 3, remote: "r") == .accepted(seq: 2, attempt: 1))
    }
}
