import Foundation

/// Makes feed records straight from stored column bytes, equal to `FeedRecord(AcceptedDelivery)` of
/// the same event, sharing one string per distinct event name, number, status, address and repeated
/// file name (``TextInterner``): a row then allocates little more than its own ids.
public struct FeedRecordDecoder {
    private var events = TextInterner(limit: 4_096)
    private var numbers = TextInterner()
    private var remotes = TextInterner()
    private var fileNames = TextInterner()
    private var statusTexts = TextInterner(limit: 4_096)
    private var statuses: [FaxStatus] = []

    public init() {}

    public mutating func record(_ row: EventSummaryBytes) -> FeedRecord {
        let hookID = String(decoding: row.hookID, as: UTF8.self)
        return FeedRecord(
            seq: row.seq, receivedAt: row.receivedAt, remote: remotes.text(row.remote),
            hookEvent: events.text(row.hookEvent), hookID: hookID,
            dataID: Self.dataID(row, sharing: hookID),
            from: numbers.text(row.from), to: numbers.text(row.to),
            status: row.status.map { status($0) }, pages: Int32(clamping: row.pages), cost: row.cost,
            eventTime: FaxTimestamp.parse(utf8: row.eventTime), fileName: fileNames.text(row.fileName))
    }

    /// The record's data id: the hook id's very string when the two are equal (a first attempt), as
    /// `FeedRecord` keeps it.
    private static func dataID(_ row: EventSummaryBytes, sharing hookID: String) -> String {
        if TextBytes.equal(row.dataID, row.hookID) { return hookID }
        let dataID = String(decoding: row.dataID, as: UTF8.self)
        return dataID == hookID ? hookID : dataID
    }

    /// The status with these bytes, as `FaxStatus(raw:)` of their string.
    mutating func status(_ bytes: UnsafeBufferPointer<UInt8>) -> FaxStatus {
        guard let id = statusTexts.id(of: bytes) else { return FaxStatus(raw: String(decoding: bytes, as: UTF8.self)) }
        while statuses.count <= id { statuses.append(FaxStatus(raw: statusTexts.values[statuses.count])) }
        return statuses[id]
    }
}

/// Byte-level facts about stored texts that let the loader skip making strings.
enum TextBytes {
    static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }

    static func equal(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        a.withUnsafeBufferPointer { equal($0, b) }
    }

    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var any: UInt8 = 0
        for byte in bytes { any |= byte }
        return any < 0x80
    }
}
