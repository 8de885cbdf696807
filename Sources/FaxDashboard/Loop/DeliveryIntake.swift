import FaxCore
import FaxStore

/// Takes deliveries off the ring for the model, and fills any gap from the store.
///
/// The store numbers deliveries contiguously and feeds the ring in that order, so a jump in
/// sequence numbers means the ring overran (the UI stalled); the missing range is read back from
/// the store and the model stays complete and in order.
public final class DeliveryIntake {
    private let ring: EventRing<Delivery>
    private let store: any EventStore
    private var lastRingSeq: UInt64?
    /// Deliveries fetched from the store because the ring had lost them.
    public private(set) var backfilled = 0
    public private(set) var lastError: StoreError?

    public init(ring: EventRing<Delivery>, store: any EventStore) {
        self.ring = ring
        self.store = store
    }

    /// Whether the ring holds deliveries not taken yet.
    public var hasPending: Bool { ring.count > 0 }

    /// The deliveries after `appliedSeq` that are ready, in sequence order, at most about `limit`.
    public func next(after appliedSeq: Int64, limit: Int = 20_000) -> [Delivery] {
        let batch = ring.drain(after: lastRingSeq, limit: limit)
        if let last = batch.items.last { lastRingSeq = last.seq }
        var out: [Delivery] = []
        out.reserveCapacity(batch.items.count)
        var expected = appliedSeq + 1
        for (_, delivery) in batch.items {
            let seq = delivery.seq
            if seq < expected { continue }
            if seq > expected {
                do {
                    let missing = try store.deliveries(in: expected...(seq - 1))
                    backfilled += missing.count
                    out += missing
                    lastError = nil
                } catch {
                    // Leave the gap; the model skips ahead and the header shows the store error.
                    lastError = error
                }
            }
            out.append(delivery)
            expected = seq + 1
        }
        return out
    }
}
