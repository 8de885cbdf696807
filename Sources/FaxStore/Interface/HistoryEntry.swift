import FaxCore

/// One line of history as export sees it: an event with what faxtop knows about it, or a rejection.
/// Repeat deliveries are folded into their event's `deliveryCount`.
public enum HistoryEntry: Sendable, Equatable {
    case event(StoredEvent)
    case rejection(Rejection)

    public var seq: Int64 {
        switch self {
        case .event(let e): return e.delivery.seq
        case .rejection(let r): return r.seq
        }
    }
}

/// A stored event with its delivery bookkeeping.
public struct StoredEvent: Sendable, Equatable {
    public var delivery: AcceptedDelivery
    /// Its place in the retry chain as known when it arrived.
    public var attempt: Int
    /// How often it has been delivered (1 unless repeated).
    public var deliveryCount: Int
    /// Milliseconds since 1970 of the latest delivery.
    public var lastDeliveryAt: Int64
}
