import Dispatch
import FaxCore
import GRDB
import Synchronization

/// The journal's single writer: it batches every append waiting at the moment into one transaction.
///
/// Appenders park on a continuation; the writer (its own serial dispatch queue, not the Swift
/// concurrency pool, so slow disk I/O never starves async tasks) takes everything waiting, numbers
/// it, writes it in one `BEGIN IMMEDIATE … COMMIT`, then hands the batch to the sink in sequence
/// order, then resumes the callers. One fsync thus covers a whole batch, and nobody is answered
/// before the transaction holding their delivery has committed.
///
/// A failed transaction fails every caller of the batch, and the sequence goes back to where the
/// last commit left it. The next batch tries again (reopening the connection when the failure
/// calls for it), so the store recovers by itself once the condition clears.
final class GroupCommitWriter: @unchecked Sendable {
    enum Item: Sendable {
        case event(FaxEvent, receivedAt: Int64, remote: String)
        case rejection(Rejection)
    }

    enum Outcome: Sendable {
        case event(AppendOutcome)
        case rejection(Int64)
    }

    private struct Request {
        var item: Item
        var continuation: CheckedContinuation<Result<Outcome, StoreError>, Never>
    }

    private struct Pending {
        var requests: [Request] = []
        var scheduled = false
        var closed = false
    }

    /// What the rest of the store reads from the writer: updated after each commit.
    struct Published: Sendable {
        var lastSeq: Int64 = 0
        var totals = StoreTotals(events: 0, deliveries: 0, rejected: 0)
        var health = StoreHealth.ok
    }

    private let pending = Mutex(Pending())
    let published = Mutex(Published())
    private let queue = DispatchQueue(label: "faxtop.store.writer", qos: .userInitiated)
    private let sink: DeliverySink
    private let onCommit: (@Sendable (Int, Duration) -> Void)?
    private let openConnection: @Sendable () throws -> DatabaseQueue

    // Confined to `queue`.
    private var connection: DatabaseQueue?
    private var lastSeq: Int64 = 0
    private var totals = StoreTotals(events: 0, deliveries: 0, rejected: 0)
    /// Whether `totals` are exact, so batches may store them (see ``StoredCounts``); false from the
    /// moment rows are deleted outside a batch until they are counted again.
    private var totalsExact = false
    /// Test hook: SQL run on the connection before each batch (e.g. `PRAGMA max_page_count`).
    private var injectedSQL: String?
    /// The last failure to open, when it ended and how long the try took (see ``ensureConnection()``).
    private var openFailure: (error: any Error, endedAt: ContinuousClock.Instant, took: Duration)?
    private let openRetryDelay: @Sendable (Duration) -> Duration

    /// Checks, before and after each batch, that the database path still names the file opened (nil in tests
    /// that hand in their own connection).
    private let fileWatch: DatabaseFileWatch?

    init(
        sink: @escaping DeliverySink, onCommit: (@Sendable (Int, Duration) -> Void)? = nil,
        openRetryDelay: @escaping @Sendable (Duration) -> Duration = GroupCommitWriter.openRetryDelay,
        fileWatch: DatabaseFileWatch? = nil, openConnection: @escaping @Sendable () throws -> DatabaseQueue
    ) {
        self.sink = sink
        self.onCommit = onCommit
        self.openRetryDelay = openRetryDelay
        self.fileWatch = fileWatch
        self.openConnection = openConnection
    }

    /// Opens the connection now (at start-up), so a problem shows in `health` before the first append.
    func start() -> StoreError? {
        queue.sync {
            do {
                _ = try ensureConnection()
                return nil
            } catch {
                let failure = StoreError(sqlite: error, doing: "opening the database")
                publish { $0.health = .failing(failure) }
                return failure
            }
        }
    }

    func submit(_ item: Item) async -> Result<Outcome, StoreError> {
        await withCheckedContinuation { continuation in
            let action: Int = pending.withLock { p in
                if p.closed { return -1 }
                p.requests.append(Request(item: item, continuation: continuation))
                if p.scheduled { return 0 }
                p.scheduled = true
                return 1
            }
            switch action {
            case -1: continuation.resume(returning: .failure(StoreError(.unavailable, "the store is closed")))
            case 1: queue.async { self.drainOnce() }
            default: break
            }
        }
    }

    /// Runs `work` on the writer's connection, between batches (retention, bulk loads, tests).
    func perform<T: Sendable>(_ action: String, _ work: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        let result: Result<T, StoreError> = await withCheckedContinuation { continuation in
            queue.async {
                if self.pending.withLock({ $0.closed }) {
                    continuation.resume(returning: .failure(StoreError(.unavailable, "the store is closed")))
                    return
                }
                do {
                    let connection = try self.ensureConnection()
                    let value = try connection.writeWithoutTransaction { db in try work(db) }
                    continuation.resume(returning: .success(value))
                } catch {
                    continuation.resume(returning: .failure(StoreError(sqlite: error, doing: action)))
                }
            }
        }
        return try result.get()
    }

    /// Tries a write (rolled back) and updates `health`, so a failure that cleared while no
    /// deliveries came in stops showing.
    func probe() async -> StoreHealth {
        await withCheckedContinuation { continuation in
            queue.async {
                // After `close`, nothing may open the file again.
                if self.pending.withLock({ $0.closed }) {
                    continuation.resume(returning: self.published.withLock { $0.health })
                    return
                }
                do {
                    try self.checkFile()
                    let connection = try self.ensureConnection()
                    if let injectedSQL = self.injectedSQL {
                        try connection.inDatabase { db in try db.execute(sql: injectedSQL) }
                    }
                    try connection.inDatabase { db in try Self.probeWrite(db) }
                    self.publish { $0.health = .ok }
                } catch {
                    let failure = StoreError(sqlite: error, doing: "checking the database")
                    if failure.needsReopen {
                        try? self.connection?.close()
                        self.connection = nil
                    }
                    self.publish { $0.health = .failing(failure) }
                }
                continuation.resume(returning: self.published.withLock { $0.health })
            }
        }
    }

    /// A committed write about the size of a batch, leaving nothing behind. A rolled-back one never
    /// reaches the WAL, so it succeeded on a disk still full and cleared the failure while every
    /// webhook was still refused.
    static func probeWrite(_ db: Database) throws {
        try db.inTransaction(.immediate) {
            try db.execute(sql: "INSERT INTO store_meta (key, value) VALUES ('health-probe', zeroblob(65536))")
            try db.execute(sql: "DELETE FROM store_meta WHERE key = 'health-probe'")
            return .commit
        }
    }

    /// Throws when the database path no longer names the file this writer writes
    /// (``DatabaseFileWatch``), after folding the WAL into that file and closing the connection.
    ///
    /// The WAL beside the path belongs to the file that is gone; left as it is, SQLite would replay it
    /// onto whatever file is opened at that path next (the replacement, after a restart).
    private func checkFile() throws(StoreError) {
        guard let fileWatch else { return }
        do {
            try fileWatch.check()
        } catch {
            if let connection {
                try? connection.inDatabase { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
                try? connection.close()
                self.connection = nil
            }
            throw error
        }
    }

    /// Re-reads the counters and high-water mark from the database (after retention or a bulk load).
    func refreshCounters(_ db: Database) throws {
        lastSeq = try Schema.lastSeq(db)
        if let stored = try StoredCounts.read(db, lastSeq: lastSeq) {
            totals = stored
        } else {
            totals = try Self.countRows(db)
            // Best effort: a full or read-only disk must not stop the store from opening.
            try? StoredCounts.write(totals, lastSeq: lastSeq, db)
        }
        totalsExact = true
        let (seq, totals) = (lastSeq, totals)
        publish { $0.lastSeq = seq; $0.totals = totals }
    }

    func injectBeforeEachBatch(_ sql: String?) {
        queue.sync { injectedSQL = sql }
    }

    /// Fails later appends, waits for the ones already queued, and closes the connection.
    func close() {
        pending.withLock { $0.closed = true }
        queue.sync {
            // Anything still waiting was submitted before `closed` was set: finish it.
            while !pending.withLock({ $0.requests.isEmpty }) { drainBatch() }
            // Everything into the database file itself, also when attached dashboards still have it
            // open (then SQLite cannot remove the WAL at close, only this empties it): a copy of the
            // file alone is then a complete backup.
            try? connection?.inDatabase { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            try? connection?.close()
            connection = nil
        }
    }

    // MARK: - On the writer queue

    private func drainOnce() {
        drainBatch()
        // Re-enqueue rather than loop, so `perform` work (retention) gets its turn under load.
        let more = pending.withLock { p -> Bool in
            if p.requests.isEmpty {
                p.scheduled = false
                return false
            }
            return true
        }
        if more { queue.async { self.drainOnce() } }
    }

    private func drainBatch() {
        let batch = pending.withLock { p -> [Request] in
            defer { p.requests.removeAll(keepingCapacity: true) }
            return p.requests
        }
        guard !batch.isEmpty else { return }
        let connection: DatabaseQueue
        do {
            try checkFile()
            connection = try ensureConnection()
        } catch {
            fail(batch, StoreError(sqlite: error, doing: "opening the database"))
            return
        }
        let startSeq = lastSeq
        let started = ContinuousClock.now
        do {
            var deliveries: [Delivery] = []
            var outcomes: [Outcome] = []
            deliveries.reserveCapacity(batch.count)
            outcomes.reserveCapacity(batch.count)
            var seq = startSeq
            var after = totals
            try connection.inDatabase { db in
                if let injectedSQL { try db.execute(sql: injectedSQL) }
                try JournalWrites.inBatchTransaction(db, {
                    for request in batch {
                        seq += 1
                        let (delivery, outcome) = try JournalWrites.insert(request.item, seq: seq, db)
                        deliveries.append(delivery)
                        outcomes.append(outcome)
                    }
                    after = Self.adding(deliveries, to: self.totals)
                    if totalsExact {
                        try StoredCounts.write(after, lastSeq: seq, db)
                    } else {
                        try JournalWrites.setLastSeq(seq, db)
                    }
                })
            }
            onCommit?(batch.count, ContinuousClock.now - started)
            lastSeq = seq
            totals = after
            let totals = self.totals
            // Deleted or replaced while this batch was written: it went into the file that is gone, so
            // no 200 for it (the senders retry; a file put back already holds them, as repeats).
            do {
                try checkFile()
            } catch {
                publish { $0.lastSeq = seq; $0.totals = totals }
                fail(batch, error)
                return
            }
            publish { $0.lastSeq = seq; $0.totals = totals; $0.health = .ok }
            sink(deliveries)
            for (request, outcome) in zip(batch, outcomes) {
                request.continuation.resume(returning: .success(outcome))
            }
        } catch {
            lastSeq = startSeq
            fail(batch, StoreError(sqlite: error, doing: "saving \(batch.count == 1 ? "a delivery" : "\(batch.count) deliveries")"))
        }
    }

    private func fail(_ batch: [Request], _ failure: StoreError) {
        if failure.needsReopen {
            try? connection?.close()
            connection = nil
        }
        publish { $0.health = .failing(failure) }
        for request in batch {
            request.continuation.resume(returning: .failure(failure))
        }
    }

    /// Counters read by the store's readers, for when the writer could not open at start-up.
    func seed(lastSeq: Int64, totals: StoreTotals) {
        queue.sync {
            guard connection == nil else { return }
            self.lastSeq = lastSeq
            self.totals = totals
            publish { $0.lastSeq = lastSeq; $0.totals = totals }
        }
    }

    /// Appends waiting for the writer (tests).
    var pendingCount: Int { pending.withLock { $0.requests.count } }

    /// The connection, opened if there is none.
    ///
    /// A failed open is not tried again until ``openRetryDelay`` has passed: the first open after
    /// upgrading faxtop copies the events table (about 15 s per million events), and on a full disk
    /// every batch would otherwise start that copy again and wait for it to fail. Deliveries
    /// meanwhile get the same failure (503) at once.
    private func ensureConnection() throws -> DatabaseQueue {
        if let connection { return connection }
        let clock = ContinuousClock()
        if let openFailure, clock.now - openFailure.endedAt < openRetryDelay(openFailure.took) { throw openFailure.error }
        let started = clock.now
        do {
            // Not a new, empty file where the one in use was deleted (see ``DatabaseFileWatch``).
            try checkFile()
            let opened = try openConnection()
            try opened.inDatabase { db in try refreshCounters(db) }
            fileWatch?.didOpen()
            connection = opened
            openFailure = nil
            return opened
        } catch {
            let now = clock.now
            openFailure = (error, now, now - started)
            throw error
        }
    }

    /// How long to wait after an open that failed after `took`: twice as long, at most 30 s, so a
    /// failing open occupies at most a third of the writer's time and a quick one is retried at once.
    static let openRetryDelay: @Sendable (Duration) -> Duration = { took in min(took * 2, .seconds(30)) }

    private func publish(_ change: (inout Published) -> Void) {
        published.withLock { change(&$0) }
    }

    static func adding(_ deliveries: [Delivery], to totals: StoreTotals) -> StoreTotals {
        var totals = totals
        for delivery in deliveries {
            switch delivery {
            case .accepted: totals.events += 1; totals.deliveries += 1
            case .duplicate: totals.deliveries += 1
            case .rejected: totals.rejected += 1
            }
        }
        return totals
    }

    /// Rows are about to be added or deleted outside a batch (retention, the benchmark's bulk load):
    /// called on the writer's queue, inside that transaction. `refreshCounters` counts them again.
    func rowsChangeOutsideBatches(_ db: Database) throws {
        totalsExact = false
        try StoredCounts.invalidate(db)
    }

    /// The counts, from `store_meta` when they are current there, else counted.
    static func countTotals(_ db: Database) throws -> StoreTotals {
        if let stored = try StoredCounts.read(db, lastSeq: try Schema.lastSeq(db)) { return stored }
        return try countRows(db)
    }

    static func countRows(_ db: Database) throws -> StoreTotals {
        let events = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0
        let duplicates = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM duplicates") ?? 0
        let rejected = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rejections") ?? 0
        return StoreTotals(events: events, deliveries: events + duplicates, rejected: rejected)
    }
}
