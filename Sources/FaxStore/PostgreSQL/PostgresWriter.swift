import FaxCore
import Foundation
import NIOCore
import PostgresNIO
import Synchronization

/// Group commit on PostgreSQL: every append waiting when the previous batch ends goes into the next
/// one, which is one `BEGIN; SELECT faxtop_append(batch); COMMIT` on this receiver's writer connection.
/// Callers resume only after the COMMIT has returned, so a 200 always follows the commit that holds its
/// delivery. A failed batch fails all its callers (503) and the next one opens the connection anew,
/// so the writer recovers by itself when the database is back.
///
/// The writer is a thread of its own that waits on NIO's futures: `close()` (synchronous, like every
/// store's) can then wait for it without needing a Swift concurrency thread, of which a two-core
/// machine has two.
final class PostgresWriter: Sendable {
    enum Outcome: Sendable {
        case event(AppendOutcome)
        case rejection(Int64)
    }

    private struct Pending: Sendable {
        let item: PostgresBatch.Item?  // nil: a health probe
        let continuation: CheckedContinuation<Result<Outcome?, StoreError>, Never>
    }

    private struct Queue: Sendable {
        var waiting: [Pending] = []
        var closed = false
    }

    /// Deliveries per batch at most: a batch holds the journal's commit order while it runs.
    static let maxBatch = 500

    private let connector: PostgresConnector
    private let sink: DeliverySink
    private let onCommit: (@Sendable (Int, Duration) -> Void)?
    private let queue = Mutex(Queue())
    private let work = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let connection = Mutex<PostgresConnection?>(nil)
    let health = Mutex<StoreHealth>(.ok)
    /// The SQLSTATE of the last batch the server refused (nil: it was not the server).
    private let lastServerState = Mutex<String?>(nil)

    init(connector: PostgresConnector, sink: @escaping DeliverySink, onCommit: (@Sendable (Int, Duration) -> Void)?) {
        self.connector = connector
        self.sink = sink
        self.onCommit = onCommit
        let thread = Thread { [self] in run() }
        thread.name = "faxtop-pg-writer"
        thread.start()
    }

    func submit(_ item: PostgresBatch.Item) async throws(StoreError) -> Outcome {
        guard let outcome = try await enqueue(item).get() else {
            throw StoreError(.unavailable, "the writer answered an append as a probe")
        }
        return outcome
    }

    /// Tries a write through the writer's connection and returns the resulting health.
    func probe() async -> StoreHealth {
        _ = await enqueue(nil)
        return health.withLock { $0 }
    }

    private func enqueue(_ item: PostgresBatch.Item?) async -> Result<Outcome?, StoreError> {
        await withCheckedContinuation { continuation in
            let accepted = queue.withLock { queue -> Bool in
                if queue.closed { return false }
                queue.waiting.append(Pending(item: item, continuation: continuation))
                return true
            }
            if accepted {
                work.signal()
            } else {
                continuation.resume(returning: .failure(StoreError(.unavailable, "the journal is closed")))
            }
        }
    }

    /// Waits for queued appends, then refuses new ones and closes the connection.
    func close() {
        let first = queue.withLock { queue -> Bool in
            defer { queue.closed = true }
            return !queue.closed
        }
        guard first else { return }
        work.signal()
        finished.wait()
    }

    private func run() {
        while true {
            work.wait()
            let (batch, closed) = queue.withLock { queue -> ([Pending], Bool) in
                let taken = Array(queue.waiting.prefix(Self.maxBatch))
                queue.waiting.removeFirst(taken.count)
                return (taken, queue.closed && queue.waiting.isEmpty)
            }
            if !batch.isEmpty { write(batch) }
            if closed && batch.isEmpty { break }
            // Items left behind (more than a batch): go round again without waiting.
            if queue.withLock({ !$0.waiting.isEmpty || $0.closed }) { work.signal() }
        }
        let open = connection.withLock { connection in defer { connection = nil }; return connection }
        _ = try? open.map { try ($0.close() as EventLoopFuture<Void>).wait() }
        finished.signal()
    }

    private func write(_ batch: [Pending]) {
        let items = batch.compactMap(\.item)
        let started = ContinuousClock.now
        let written: [(Delivery, Outcome)]
        do throws(StoreError) {
            written = items.isEmpty ? try probeWrite() : try write(items)
            health.withLock { $0 = .ok }
        } catch {
            // The server refused the batch for its data (classes 22, 23, 54: a value, a constraint, a
            // size it cannot hold): the cause may be one delivery's. Each alone, then, so that only that
            // one is refused. (Not for timeouts or lost connections, which would only repeat.)
            if batch.count > 1, let state = lastServerState.withLock({ $0 }), ["22", "23", "54"].contains(state.prefix(2)) {
                for pending in batch { write([pending]) }
                return
            }
            health.withLock { $0 = .failing(error) }
            for pending in batch { pending.continuation.resume(returning: .failure(error)) }
            return
        }
        if !written.isEmpty {
            sink(written.map(\.0))
            onCommit?(written.count, ContinuousClock.now - started)
        }
        var outcomes = written.map(\.1).makeIterator()
        for pending in batch {
            pending.continuation.resume(returning: .success(pending.item == nil ? nil : outcomes.next()))
        }
    }

    private func write(_ items: [PostgresBatch.Item]) throws(StoreError) -> [(Delivery, Outcome)] {
        let rows = try inTransaction(doing: "writing to") { connection in
            connection.query(
                PostgresQuery(unsafeSQL: "SELECT o_kind, o_seq, o_ref, o_count FROM faxtop_append($1::jsonb)",
                              binds: Self.binds(PostgresBatch.json(items))),
                logger: connector.logger
            ).map(\.rows)
        }
        guard rows.count == items.count else {
            throw StoreError(.corrupt, "the journal answered \(rows.count) outcomes for \(items.count) deliveries")
        }
        return zip(items, rows).map { item, row in Self.outcome(item, PostgresCells(row)) }
    }

    private static func outcome(_ item: PostgresBatch.Item, _ cells: PostgresCells) -> (Delivery, Outcome) {
        let seq = cells.int64(1)
        switch item {
        case .rejection(var rejection):
            rejection.seq = seq
            return (.rejected(rejection), .rejection(seq))
        case .event(let event, let receivedAt, let remote):
            if cells.text(0) == "d" {
                let duplicate = DuplicateDelivery(seq: seq, eventSeq: cells.int64(2), deliveryCount: cells.int(3),
                                                  receivedAt: receivedAt, remote: remote)
                return (.duplicate(duplicate), .event(.duplicate(seq: duplicate.eventSeq, deliveryCount: duplicate.deliveryCount)))
            }
            let attempt = cells.int(2)
            let accepted = AcceptedDelivery(seq: seq, event: event, receivedAt: receivedAt, remote: remote, attempt: attempt)
            return (.accepted(accepted), .event(.accepted(seq: seq, attempt: attempt)))
        }
    }

    /// A write that changes nothing: finds out whether writes would succeed now.
    private func probeWrite() throws(StoreError) -> [(Delivery, Outcome)] {
        _ = try inTransaction(doing: "checking") { connection in
            connection.query("UPDATE journal_head SET last_seq = last_seq WHERE id", logger: connector.logger)
        }
        return []
    }

    private static func binds(_ json: String) -> PostgresBindings {
        var binds = PostgresBindings(capacity: 1)
        binds.append(json)
        return binds
    }

    /// Runs `work` between BEGIN and COMMIT on the writer's connection, opening it when needed.
    ///
    /// The three are queued on the connection at once, which runs them in turn without coming back to
    /// this thread in between. The work's own result decides: when it failed, the transaction was
    /// aborted and the COMMIT after it only rolled back (and says so without an error).
    private func inTransaction<T: Sendable>(doing action: String, _ work: (PostgresConnection) -> EventLoopFuture<T>) throws(StoreError) -> T {
        var open = connection.withLock { $0 }
        do {
            if open == nil || open?.isClosed == true {
                let fresh = try connector.connect().wait()
                // A receiver whose batch stalls (its network gone mid-transaction) must not hold the
                // journal head's lock for every other receiver: the server ends such a session; a batch
                // that waits too long for the lock fails (503, retried by the sender), not hangs.
                for setting in ["SET idle_in_transaction_session_timeout = '10s'", "SET lock_timeout = '5s'",
                                "SET statement_timeout = '15s'"] {
                    _ = try fresh.query(PostgresQuery(unsafeSQL: setting), logger: connector.logger).wait()
                }
                connection.withLock { $0 = fresh }
                open = fresh
            }
            guard let open else { throw StoreError(.unavailable, "no connection") }
            return try open.withDeadline(seconds: 20) { () throws -> T in
                // The ordering and the cross-receiver repeat check rely on READ COMMITTED (each statement
                // sees what committed before it), whatever the database's default is.
                let begin = open.query("BEGIN ISOLATION LEVEL READ COMMITTED", logger: connector.logger)
                let result = work(open)
                let commit = open.query("COMMIT", logger: connector.logger)
                _ = try begin.wait()
                let value = try result.wait()
                let committed = try commit.wait()
                guard committed.metadata.command == "COMMIT" else {
                    throw StoreError(.unavailable, "the database rolled the batch back (\(committed.metadata.command))")
                }
                return value
            }
        } catch {
            lastServerState.withLock { $0 = (error as? PSQLError)?.serverInfo?[.sqlState] }
            if PostgresErrors.lostConnection(error, open) {
                connection.withLock { $0 = nil }
                open?.closeSoon()
            } else if let open {
                _ = try? open.query("ROLLBACK", logger: connector.logger).wait()
            }
            throw PostgresErrors.storeError(error, url: connector.url, doing: action)
        }
    }
}
