/// One stored event's summary columns as the store holds them: UTF-8 bytes read in place, valid only
/// for the call they are handed to.
///
/// Loading a million events at start-up turned each column into a `String` (an allocation for most)
/// before the dashboard looked at it; handed out as bytes, the loader makes strings only for values
/// it has not seen before (``TextInterner``) and none at all for the columns it only hashes or counts.
/// Columns a reader did not ask for are empty (texts) or nil.
public struct EventSummaryBytes {
    public var seq: Int64 = 0
    public var receivedAt: Int64 = 0
    public var hookEvent = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    public var hookID = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    public var dataID = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    public var eventTime: UnsafeBufferPointer<UInt8>?
    public var pages: Int64?
    public var from: UnsafeBufferPointer<UInt8>?
    public var to: UnsafeBufferPointer<UInt8>?
    public var fileName: UnsafeBufferPointer<UInt8>?
    public var cost: Double?
    public var status: UnsafeBufferPointer<UInt8>?
    public var remote = UnsafeBufferPointer<UInt8>(start: nil, count: 0)

    public init() {}
}
