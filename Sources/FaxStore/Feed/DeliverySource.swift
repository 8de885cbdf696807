import FaxCore

/// Where a reader (the dashboard, JSON lines) takes deliveries from, in sequence order: the ring its
/// own store feeds (``DeliveryIntake``), or a journal another process writes (``JournalFollower``).
public protocol DeliverySource: AnyObject {
    /// Whether deliveries may be waiting, so the reader should look again soon rather than sleep.
    var hasPending: Bool { get }
    /// Deliveries held back because the store could not be read, and why; nil when none. The count
    /// is 0 when the journal itself cannot be read (how many are waiting is then unknown).
    var missing: (count: Int64, error: StoreError)? { get }
    /// The deliveries after `appliedSeq` that are ready, in sequence order, at most about `limit`.
    func next(after appliedSeq: Int64, limit: Int) -> [Delivery]
}

extension DeliverySource {
    public func next(after appliedSeq: Int64) -> [Delivery] { next(after: appliedSeq, limit: 20_000) }
}
