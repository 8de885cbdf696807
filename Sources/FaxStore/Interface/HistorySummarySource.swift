import FaxCore

/// A store that can hand out its history as column bytes, for loading a large history at start-up
/// on two threads that each read what they need (the SQLite store).
public protocol HistorySummarySource: EventStore {
    /// Calls `body` with every stored event with `seq <= last`, in sequence order. `columns` says which
    /// fields are filled; the bytes are valid only during the call.
    func forEachEventSummary(through last: Int64, columns: EventSummaryColumns,
                             _ body: (EventSummaryBytes) throws -> Void) throws
    /// Repeat deliveries with `seq <= last`, in sequence order.
    func duplicates(through last: Int64) throws -> [DuplicateDelivery]
    /// Rejections with `seq <= last`, in sequence order, without their bodies (``EventStore/rawBody(seq:)``
    /// has them), method, path or field.
    func rejectionSummaries(through last: Int64) throws -> [Rejection]
}

/// Which fields of ``EventSummaryBytes`` a history read fills.
public enum EventSummaryColumns: Sendable {
    /// Everything a feed record shows.
    case feed
    /// What the feed's search columns, per-number statistics and retry chains are derived from: all
    /// but the event time and the remote address. Read beside a `.feed` scan: the SQLite store unmaps
    /// this scan's view of the file afterwards, so that the file is not resident twice.
    case derived
}
