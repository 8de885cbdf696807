/// Which fields of ``EventSummaryBytes`` a history read fills (``EventStore/forEachEventSummary(through:columns:_:)``).
public enum EventSummaryColumns: Sendable {
    /// Everything a feed record shows.
    case feed
    /// What the feed's search columns, per-number statistics and retry chains are derived from: all
    /// but the event time and the remote address. Read beside a `.feed` scan: the SQLite store unmaps
    /// this scan's view of the file afterwards, so that the file is not resident twice.
    case derived
}
