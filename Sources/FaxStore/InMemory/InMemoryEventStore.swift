import FaxCore
import Synchronization

/// An ``EventStore`` that keeps everything in memory (`--memory`, tests).
///
/// It honours the same contract as the SQLite store: one contiguous sequence, duplicates counted,
/// and the sink called in sequence order (under the lock, so concurrent appends cannot reorder it).
public final class InMemoryEventStore: EventStore {
    private struct State {
        // Grown in pieces (see ``ChunkedArray``): a doubling under the lock stalls every request.
        var deliveries = ChunkedArray<Delivery>()
        var eventSeqByKey = ShardedDictionary<DeliveryKey, Int64>()
        var deliveryCounts: [Int64: Int] = [:]
        var chains = ShardedDictionary<String, ChainCounter>()
        var eventCount = 0
        var rejectedCount = 0
        var failure: StoreError?
    }

    private let state = Mutex(State())
    private let sink: DeliverySink

    public init(sink: @escaping DeliverySink = { _ in }) {
        self.sink = sink
    }

    /// Makes every following write fail with `error` (nil to recover), for testing the 503 path.
    public func simulateFailure(_ error: StoreError?) {
        state.withLock { $0.failure = error }
    }

    public func append(_ event: FaxEvent, receivedAt: Int64, remote: String) async throws(StoreError) -> AppendOutcome {
        try state.withLock { (s: inout State) throws(StoreError) -> AppendOutcome in
            if let failure = s.failure { throw failure }
            let seq = Int64(s.deliveries.count + 1)
            let delivery: Delivery
            let outcome: AppendOutcome
            if let eventSeq = s.eventSeqByKey[event.deliveryKey] {
                let count = s.deliveryCounts[eventSeq, default: 1] + 1
                s.deliveryCounts[eventSeq] = count
                delivery = .duplicate(DuplicateDelivery(
                    seq: seq, eventSeq: eventSeq, deliveryCount: count, receivedAt: receivedAt, remote: remote))
                outcome = .duplicate(seq: eventSeq, deliveryCount: count)
            } else {
                s.eventSeqByKey[event.deliveryKey] = seq
                s.eventCount += 1
                let attempt = s.chains[event.dataID, default: ChainCounter()].add(event)
                delivery = .accepted(AcceptedDelivery(seq: seq, event: event, receivedAt: receivedAt, remote: remote, attempt: attempt))
                outcome = .accepted(seq: seq, attempt: attempt)
            }
            s.deliveries.append(delivery)
            sink([delivery])
            return outcome
        }
    }

    public func append(_ rejection: Rejection) async throws(StoreError) -> Int64 {
        try state.withLock { (s: inout State) throws(StoreError) -> Int64 in
            if let failure = s.failure { throw failure }
            var stored = rejection
            stored.seq = Int64(s.deliveries.count + 1)
            s.rejectedCount += 1
            s.deliveries.append(.rejected(stored))
            sink([.rejected(stored)])
            return stored.seq
        }
    }

    public func deliveries(in range: ClosedRange<Int64>) throws(StoreError) -> [Delivery] {
        state.withLock { s in
            let low = max(1, range.lowerBound), high = min(Int64(s.deliveries.count), range.upperBound)
            guard low <= high else { return [] }
            return s.deliveries.elements(Int(low - 1)...Int(high - 1))
        }
    }

    public func forEachDelivery(from seq: Int64, batchSize: Int, _ body: ([Delivery]) throws -> Void) throws {
        var next = max(1, seq)
        while true {
            let batch = try deliveries(in: next...(next + Int64(batchSize) - 1))
            if batch.isEmpty { return }
            try body(batch)
            next += Int64(batch.count)
        }
    }

    public func rawBody(seq: Int64) throws(StoreError) -> [UInt8]? {
        state.withLock { s in
            guard seq >= 1, seq <= s.deliveries.count else { return nil }
            switch s.deliveries[Int(seq - 1)] {
            case .accepted(let d): return d.event.raw
            case .rejected(let r): return r.body
            case .duplicate: return nil
            }
        }
    }

    public func totals() throws(StoreError) -> StoreTotals {
        state.withLock { StoreTotals(events: $0.eventCount, deliveries: $0.deliveries.count - $0.rejectedCount, rejected: $0.rejectedCount) }
    }

    public var health: StoreHealth {
        state.withLock { s in s.failure.map(StoreHealth.failing) ?? .ok }
    }

    public func lastSeq() throws(StoreError) -> Int64 {
        state.withLock { Int64($0.deliveries.count) }
    }
}
