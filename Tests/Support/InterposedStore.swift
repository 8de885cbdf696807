import Dispatch
import FaxCore
import FaxStore
import Synchronization

/// A journal for tests: a temporary SQLite store (what `--memory` runs on), with faults a test can
/// switch on — writes failing (the 503 path), appends slowed down (a request held in flight), the
/// history scan failing. Everything else goes straight to the store.
public final class InterposedStore: EventStore {
    public let inner: SQLiteEventStore
    private struct Faults {
        var writes: StoreError?
        var appendDelay: Duration?
        var history: StoreError?
        var reads: StoreError?
        var historyGate: DispatchSemaphore?
    }
    private let faults = Mutex(Faults())

    public init(sink: @escaping DeliverySink = { _ in }) throws {
        inner = try SQLiteEventStore.temporary(sink: sink)
    }

    deinit { inner.close() }

    /// Every following write fails with `error` (nil: they succeed again).
    public func failWrites(_ error: StoreError?) { faults.withLock { $0.writes = error } }
    /// Every following append waits `delay` before it is written.
    public func delayAppends(_ delay: Duration?) { faults.withLock { $0.appendDelay = delay } }
    /// Reading the full history (the start-up scan) fails with `error`; the newest deliveries still read.
    public func failHistory(_ error: StoreError?) { faults.withLock { $0.history = error } }
    /// Reading the full history waits until `gate` is signalled (at most 30 s), so a test can look at
    /// the screen while history is still loading.
    public func holdHistory(until gate: DispatchSemaphore?) { faults.withLock { $0.historyGate = gate } }
    /// Reading deliveries by sequence range (a backfill after a ring overrun) fails with `error`.
    public func failReads(_ error: StoreError?) { faults.withLock { $0.reads = error } }

    private func beforeWrite() async throws(StoreError) {
        let (failure, delay) = faults.withLock { ($0.writes, $0.appendDelay) }
        if let delay { try? await Task.sleep(for: delay) }
        if let failure { throw failure }
    }

    private func beforeHistory() throws(StoreError) {
        let (failure, gate) = faults.withLock { ($0.history, $0.historyGate) }
        if let gate {
            if gate.wait(timeout: .now() + 30) == .timedOut { throw StoreError(.unavailable, "the test never let the history load") }
            gate.signal()  // the other history reads go on too
        }
        if let failure { throw failure }
    }

    public func append(_ event: FaxEvent, receivedAt: Int64, remote: String) async throws(StoreError) -> AppendOutcome {
        try await beforeWrite()
        return try await inner.append(event, receivedAt: receivedAt, remote: remote)
    }

    public func append(_ rejection: Rejection) async throws(StoreError) -> Int64 {
        try await beforeWrite()
        return try await inner.append(rejection)
    }

    public func deliveries(in range: ClosedRange<Int64>) throws(StoreError) -> [Delivery] {
        if let failure = faults.withLock({ $0.reads }) { throw failure }
        return try inner.deliveries(in: range)
    }

    public func forEachDelivery(from seq: Int64, batchSize: Int, rawBodies: Bool, _ body: ([Delivery]) throws -> Void) throws {
        try inner.forEachDelivery(from: seq, batchSize: batchSize, rawBodies: rawBodies, body)
    }

    public func rawBody(seq: Int64) throws(StoreError) -> [UInt8]? { try inner.rawBody(seq: seq) }

    public func newDeliveries(after seq: Int64, limit: Int) throws(StoreError) -> (deliveries: [Delivery], last: Int64) {
        if let failure = faults.withLock({ $0.reads }) { throw failure }
        return try inner.newDeliveries(after: seq, limit: limit)
    }
    public func totals() throws(StoreError) -> StoreTotals { try inner.totals() }
    public func lastSeq() throws(StoreError) -> Int64 { try inner.lastSeq() }

    public func forEachEventSummary(through last: Int64, columns: EventSummaryColumns,
                                    _ body: (EventSummaryBytes) throws -> Void) throws {
        try beforeHistory()
        try inner.forEachEventSummary(through: last, columns: columns, body)
    }

    public func duplicates(through last: Int64) throws -> [DuplicateDelivery] {
        try beforeHistory()
        return try inner.duplicates(through: last)
    }

    public func forEachHistoryEntry(since: Int64?, batchSize: Int, _ body: ([HistoryEntry]) throws -> Void) throws {
        try inner.forEachHistoryEntry(since: since, batchSize: batchSize, body)
    }

    public func rejectionSummaries(through last: Int64) throws -> [Rejection] {
        try beforeHistory()
        return try inner.rejectionSummaries(through: last)
    }

    public var health: StoreHealth {
        if let failure = faults.withLock({ $0.writes }) { return .failing(failure) }
        return inner.health
    }

    public func checkHealth() async -> StoreHealth {
        if let failure = faults.withLock({ $0.writes }) { return .failing(failure) }
        return await inner.checkHealth()
    }

    public func prune(_ policy: RetentionPolicy, now: Int64) async throws(StoreError) -> Int {
        try await beforeWrite()
        return try await inner.prune(policy, now: now)
    }

    public func close() { inner.close() }

    public func watchChanges(_ onChange: @escaping @Sendable () -> Void) -> any JournalWatch {
        inner.watchChanges(onChange)
    }

    public func announce(_ receiver: ReceiverPresence) { inner.announce(receiver) }
    public var fileBytes: Int64 { inner.fileBytes }
    public func receiverPresence() -> ReceiverPresence? { inner.receiverPresence() }
}
