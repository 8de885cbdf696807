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
        var draining = false
        var closed = false
        /// `close()` calls waiting for the queue to empty.
        var closing: [CheckedContinuation<Void, Never>] = []
    }

    /// Deliveries per batch at most: a batch holds the journal's commit order while it runs.
    static let maxBatch = 500

    private let connector: PostgresConnector
    private let sink: DeliverySink
    private let onCommit: (@Sendable (Int, Duration) -> Void)?
    private let queue = Mutex(Queue())
    private let connection = Mutex<PostgresConnection?>(nil)
    let health = Mutex<StoreHealth>(.ok)

    init(connector: PostgresConnector, sink: @escaping DeliverySink, onCommit: (@Sendable (Int, Duration) -> Void)?) {
        self.connector = connector
        self.sink = sink
        self.onCommit = onCommit
    }

    deinit {
        connection.withLock { $0?.closeSoon() }
    }

    func submit(_ item: PostgresBatch.Item) async throws(StoreError) -> Outcome {
        guard let outcome = try await enqueue(item).get() else {
            throw StoreError(.unavailable, "the writer answered an append as a probe")
        }
        return outcome
    }

    /// Tries a write (rolled back) through the writer's connection and returns the resulting health.
    func probe() async -> StoreHealth {
        _ = await enqueue(nil)
        return health.withLock { $0 }
    }

    private func enqueue(_ item: PostgresBatch.Item?) async -> Result<Outcome?, StoreError> {
        await withCheckedContinuation { continuation in
            let start = queue.withLock { queue -> Bool? in
                if queue.closed { return nil }
                queue.waiting.append(Pending(item: item, continuation: continuation))
                if queue.draining { return false }
                queue.draining = true
                return true
            }
            switch start {
            case nil: continuation.resume(returning: .failure(StoreError(.unavailable, "the journal is closed")))
            case true?: Task.detached { await self.drain() }
            case false?: break
            }
        }
    }

    /// Waits for queued appends, then refuses new ones and closes the connection.
    func close() async {
        await withCheckedContinuation { continuation in
            let idle = queue.withLock { queue -> Bool in
                queue.closed = true
                if queue.draining { queue.closing.append(continuation) }
                return !queue.draining
            }
            if idle { continuation.resume() }
        }
        let open = connection.withLock { connection in defer { connection = nil }; return connection }
        try? await open?.close()
    }

    private func drain() async {
        while true {
            let (batch, closing) = queue.withLock { queue -> ([Pending], [CheckedContinuation<Void, Never>]) in
                let taken = Array(queue.waiting.prefix(Self.maxBatch))
                queue.waiting.removeFirst(taken.count)
                guard taken.isEmpty else { return (taken, []) }
                queue.draining = false
                defer { queue.closing = [] }
                return ([], queue.closing)
            }
            if batch.isEmpty {
                for waiter in closing { waiter.resume() }
                return
            }
            let items = batch.compactMap(\.item)
            let started = ContinuousClock.now
            let result: Result<[(Delivery, Outcome)], StoreError>
            do throws(StoreError) {
                result = .success(items.isEmpty ? try await probeWrite() : try await write(items))
                health.withLock { $0 = .ok }
            } catch {
                result = .failure(error)
                health.withLock { $0 = .failing(error) }
            }
            switch result {
            case .success(let written):
                if !written.isEmpty {
                    sink(written.map(\.0))
                    onCommit?(written.count, ContinuousClock.now - started)
                }
                var outcomes = written.map(\.1).makeIterator()
                for pending in batch {
                    pending.continuation.resume(returning: .success(pending.item == nil ? nil : outcomes.next()))
                }
            case .failure(let error):
                for pending in batch { pending.continuation.resume(returning: .failure(error)) }
            }
        }
    }

    private func write(_ items: [PostgresBatch.Item]) async throws(StoreError) -> [(Delivery, Outcome)] {
        let rows = try await inTransaction(doing: "writing to") { connection in
            try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT o_kind, o_seq, o_ref, o_count FROM faxtop_append($1::jsonb)",
                              binds: Self.binds(PostgresBatch.json(items))),
                logger: connector.logger
            ).get().rows
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
    private func probeWrite() async throws(StoreError) -> [(Delivery, Outcome)] {
        _ = try await inTransaction(doing: "checking") { connection in
            try await connection.query("UPDATE journal_head SET last_seq = last_seq WHERE id", logger: connector.logger).get()
        }
        return []
    }

    private static func binds(_ json: String) -> PostgresBindings {
        var binds = PostgresBindings(capacity: 1)
        binds.append(json)
        return binds
    }

    /// Runs `work` between BEGIN and COMMIT on the writer's connection, opening it when needed.
    private func inTransaction<T>(doing action: String, _ work: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        var open = connection.withLock { $0 }
        do {
            if open == nil || open?.isClosed == true {
                let fresh = try await connector.connect().get()
                connection.withLock { $0 = fresh }
                open = fresh
            }
            guard let open else { throw StoreError(.unavailable, "no connection") }
            _ = try await open.query("BEGIN", logger: connector.logger).get()
            let result = try await work(open)
            _ = try await open.query("COMMIT", logger: connector.logger).get()
            return result
        } catch {
            if PostgresErrors.lostConnection(error, open) {
                connection.withLock { $0 = nil }
                open?.closeSoon()
            } else if let open {
                _ = try? await open.query("ROLLBACK", logger: connector.logger).get()
            }
            throw PostgresErrors.storeError(error, url: connector.url, doing: action)
        }
    }
}
