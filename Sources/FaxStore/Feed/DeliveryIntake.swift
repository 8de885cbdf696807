import FaxCore

/// Takes deliveries off the ring in sequence order, and fills any gap from the store.
///
/// The store numbers deliveries contiguously and feeds the ring in that order, so a jump in sequence
/// numbers means the ring overran (the reader stalled); the missing range is read back from the store
/// and the reader's view stays complete and in order. When that read fails, nothing after the gap is
/// handed out either (it would leave a hole for good): ``missing`` says how many deliveries are held
/// back and why, and every later call tries the store again, from the first missing one on.
public final class DeliveryIntake: DeliverySource {
    private let ring: EventRing<Delivery>
    private let store: any EventStore
    private var lastRingSeq: UInt64?
    /// The first delivery not handed out yet when a backfill failed; from here on, deliveries come
    /// from the store until it has caught up with the ring.
    private var resumeFrom: Int64?
    /// The highest sequence number the ring has handed over (what the store must have caught up to).
    private var newestSeen: Int64 = 0
    /// Deliveries fetched from the store because the ring had lost them.
    public private(set) var backfilled = 0
    public private(set) var lastError: StoreError?

    public init(ring: EventRing<Delivery>, store: any EventStore) {
        self.ring = ring
        self.store = store
    }

    /// Whether deliveries are waiting: in the ring, or in the store while catching up. A store that is
    /// failing is tried again at the reader's next look (once a second), not in a busy loop.
    public var hasPending: Bool { ring.count > 0 || (resumeFrom != nil && lastError == nil) }

    /// Deliveries held back because the store could not be read to fill a gap, and why; nil when none.
    public var missing: (count: Int64, error: StoreError)? {
        guard let resumeFrom, let lastError else { return nil }
        return (max(0, newestSeen - resumeFrom + 1), lastError)
    }

    public func next(after appliedSeq: Int64, limit: Int) -> [Delivery] {
        let batch = ring.drain(after: lastRingSeq, limit: limit)
        if let last = batch.items.last {
            lastRingSeq = last.seq
            newestSeen = max(newestSeen, last.element.seq)
        }
        if let from = resumeFrom {
            // Catching up from the store: what the ring handed over meanwhile is read back with it.
            return readBack(from: max(from, appliedSeq + 1), limit: limit)
        }
        var out: [Delivery] = []
        out.reserveCapacity(batch.items.count)
        var expected = appliedSeq + 1
        for (_, delivery) in batch.items {
            let seq = delivery.seq
            if seq < expected { continue }
            if seq > expected {
                // A long stall may have missed a great many: read back a turn's worth at a time.
                if seq - expected > Int64(limit) {
                    resumeFrom = expected
                    return out + readBack(from: expected, limit: limit)
                }
                do {
                    let missing = try store.deliveries(in: expected...(seq - 1))
                    backfilled += missing.count
                    out += missing
                    lastError = nil
                } catch {
                    lastError = error
                    resumeFrom = expected
                    return out
                }
            }
            out.append(delivery)
            expected = seq + 1
        }
        return out
    }

    private func readBack(from first: Int64, limit: Int) -> [Delivery] {
        guard first <= newestSeen else {
            resumeFrom = nil
            lastError = nil
            return []
        }
        let last = min(newestSeen, first + Int64(max(1, limit)) - 1)
        do {
            let read = try store.deliveries(in: first...last)
            backfilled += read.count
            lastError = nil
            resumeFrom = last >= newestSeen ? nil : last + 1
            return read
        } catch {
            lastError = error
            resumeFrom = first
            return []
        }
    }
}
