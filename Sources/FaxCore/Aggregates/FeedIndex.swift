/// The feed: every record in arrival (sequence) order, and the positions the current filter shows.
///
/// Appending a batch costs the batch, not the history; only a filter change walks every record, and it
/// reads the compact search columns kept beside the records rather than the records themselves.
public struct FeedIndex: Sendable {
    public private(set) var records: [FeedRecord] = []
    private var search = FeedSearchColumns()
    /// Records were appended without search columns, which are still to be adopted or built.
    private var searchColumnsPending = false
    /// Indices into `records` that match `filter`, ascending.
    public private(set) var visible: [Int32] = []
    public private(set) var filter: Filter = .all

    public init() {}

    public var count: Int { records.count }

    /// Makes room for `count` records at once (loading history knows how many are coming): growing a
    /// million-record array step by step copies it again at every step.
    public mutating func reserveCapacity(_ count: Int, withSearchColumns: Bool = true) {
        records.reserveCapacity(count)
        if withSearchColumns { search.reserveCapacity(count) }
        if filter.isEmpty { visible.reserveCapacity(count) }
    }

    /// Adds records that are newer than every record held (the model applies in `seq` order).
    /// The record is consumed (moved into the array, not copied): loading history appends a million.
    public mutating func append(_ record: consuming FeedRecord) {
        precondition(!searchColumnsPending, "search columns are being built elsewhere")
        // Not `records.last`: that copies the whole record (retaining its strings) for one comparison.
        precondition(records.isEmpty || records[records.count - 1].seq < record.seq, "records must arrive in seq order")
        search.append(record)
        if filter.matches(record) { visible.append(Int32(records.count)) }
        records.append(record)
    }

    /// Loading history: appends a record whose search columns another thread builds
    /// (``SearchColumnsBuilder``), handed over by ``adoptSearchColumns(_:)``. Until then the feed
    /// cannot be filtered.
    public mutating func appendWithoutSearchColumns(_ record: consuming FeedRecord) {
        precondition(searchColumnsPending || records.isEmpty, "records without search columns come first")
        precondition(records.isEmpty || records[records.count - 1].seq < record.seq, "records must arrive in seq order")
        searchColumnsPending = true
        if filter.matches(record) { visible.append(Int32(records.count)) }
        records.append(record)
    }

    /// Takes search columns built elsewhere for these very records; false (nothing taken) when they do
    /// not describe them (the other thread read other deliveries), and ``buildSearchColumns()`` must.
    public mutating func adoptSearchColumns(_ builder: SearchColumnsBuilder) -> Bool {
        guard builder.seqs.count == records.count, builder.columns.agreeOnDuplicates(with: records) else { return false }
        for index in records.indices where records[index].seq != builder.seqs[index] { return false }
        search = builder.columns
        searchColumnsPending = false
        return true
    }

    /// Builds the search columns from the records (when those built elsewhere did not fit).
    public mutating func buildSearchColumns() {
        var columns = FeedSearchColumns()
        columns.reserveCapacity(records.count)
        for index in records.indices { columns.append(records[index]) }
        search = columns
        searchColumnsPending = false
    }

    /// The position of the record with sequence number `seq`.
    public func index(ofSeq seq: Int64) -> Int? {
        var low = 0, high = records.count
        while low < high {
            let mid = (low + high) / 2
            if records[mid].seq < seq { low = mid + 1 } else { high = mid }
        }
        return low < records.count && records[low].seq == seq ? low : nil
    }

    /// Changes a record in place (a repeated delivery raised its count), keeping `visible` right.
    public mutating func update(at index: Int, _ change: (inout FeedRecord) -> Void) {
        let old = records[index]
        let wasVisible = filter.matches(old)
        change(&records[index])
        if !searchColumnsPending { search.update(at: index, from: old, to: records[index]) }
        let isVisible = filter.matches(records[index])
        guard wasVisible != isVisible else { return }
        let position = lowerBound(Int32(index))
        if isVisible { visible.insert(Int32(index), at: position) } else { visible.remove(at: position) }
    }

    /// The position in `visible` of the first shown record at or after record `index` (`visible.count`
    /// when there is none): where the selection goes when the filter changes.
    public func visiblePosition(atOrAfter index: Int) -> Int { lowerBound(Int32(index)) }

    /// The position in `visible` of record `index`, or nil when the filter hides it.
    public func visiblePosition(of index: Int) -> Int? {
        let position = lowerBound(Int32(index))
        return position < visible.count && visible[position] == Int32(index) ? position : nil
    }

    private func lowerBound(_ value: Int32) -> Int {
        var low = 0, high = visible.count
        while low < high {
            let mid = (low + high) / 2
            if visible[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Applies a new filter to every record.
    public mutating func setFilter(_ newFilter: Filter) {
        precondition(!searchColumnsPending, "search columns are being built elsewhere")
        filter = newFilter
        if newFilter.isEmpty {
            visible = (0..<Int32(records.count)).map { $0 }
            return
        }
        visible = search.matchingIndices(of: newFilter, in: records)
    }

    /// The record at a position of the filtered view.
    public func visibleRecord(_ position: Int) -> FeedRecord { records[Int(visible[position])] }
}
