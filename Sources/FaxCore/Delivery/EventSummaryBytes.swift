/// One stored event's summary columns as the store holds them: UTF-8 bytes read in place, valid only
/// for the call they are handed to.
///
/// Loading a million events at start-up turned each column into a `String` (an allocation for most)
/// before the dashboard looked at it; handed out as bytes, the loader makes strings only for values
/// it has not seen before (``TextInterner``) and none at all for the columns it only hashes or counts.
/// Columns a reader did not ask for are empty (texts) or nil.
///
/// A missing event time, number or file name reads as empty, and missing pages or cost as 0: a feed
/// record keeps them so either way, and telling the two apart costs the reader a call per column and
/// row. A missing status is not the same as an empty one, and stays nil.
public struct EventSummaryBytes {
    public typealias Text = UnsafeBufferPointer<UInt8>
    public static var empty: Text { Text(start: nil, count: 0) }

    public var seq: Int64 = 0
    public var receivedAt: Int64 = 0
    public var hookEvent = empty
    public var hookID = empty
    public var dataID = empty
    public var eventTime = empty
    public var pages: Int64 = 0
    public var from = empty
    public var to = empty
    public var fileName = empty
    public var cost: Double = 0
    public var status: Text?
    public var remote = empty

    public init() {}
}
