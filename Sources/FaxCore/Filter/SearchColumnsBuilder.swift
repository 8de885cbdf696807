/// Builds the feed's search columns from stored column bytes on a thread of its own while another
/// thread builds the feed's records (loading history at start-up); ``FeedIndex/adoptSearchColumns(_:)``
/// then hands them over. Fed the same deliveries in sequence order as the feed, it makes exactly the
/// columns appending the records one by one makes.
public struct SearchColumnsBuilder {
    var columns = FeedSearchColumns()
    /// The sequence number of each record described (events and rejections), in order.
    private(set) var seqs: [Int64] = []
    /// Records for the rare rows whose texts are not all ASCII, which are described from the record.
    private var decoder = FeedRecordDecoder()

    public init(expectedRecords: Int = 0) {
        columns.reserveCapacity(expectedRecords)
        seqs.reserveCapacity(expectedRecords)
    }

    /// The next accepted event; `isRetry` as ``ChainAssignment/add(_:)`` worked it out. Needs the
    /// columns ``AggregatesBuilder`` needs, the event name and the file name.
    public mutating func add(_ row: EventSummaryBytes, isRetry: Bool) {
        seqs.append(row.seq)
        let status = row.status.map { decoder.status($0) }
        if !columns.appendSummary(row, isRetry: isRetry, status: status) {
            columns.append(decoder.record(row))
        }
    }

    public mutating func add(_ rejection: Rejection) {
        seqs.append(rejection.seq)
        columns.append(FeedRecord(rejection))
    }

    /// A repeat delivery of an event described earlier (ignored, as by the feed, when it is not).
    public mutating func apply(_ duplicate: DuplicateDelivery) {
        var low = 0, high = seqs.count
        while low < high {
            let mid = (low + high) / 2
            if seqs[mid] < duplicate.eventSeq { low = mid + 1 } else { high = mid }
        }
        guard low < seqs.count, seqs[low] == duplicate.eventSeq else { return }
        columns.setDeliveryCount(at: low, Int32(clamping: duplicate.deliveryCount))
    }
}
