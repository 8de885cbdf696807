import Foundation

/// What the filter asks about each feed record, kept in compact arrays beside the records so that a
/// refilter reads a few bytes per record instead of chasing a 192-byte record's string pointers.
///
/// Per record: a flags byte, the ids of its status, event name and numbers in small tables of distinct
/// values, and its searchable text (ids and file name, or a rejection's reason, code and remote address),
/// ASCII-lowercased, in one contiguous byte array. A term is worked out once per distinct value of a
/// table and then looked up per record; a word is searched in the text bytes. ``CompiledFilter`` and
/// ``ColumnScan`` do the matching; the results are exactly `Filter.matches`, which stays the definition.
struct FeedSearchColumns: Sendable {
    struct Flags: OptionSet, Sendable {
        let rawValue: UInt8
        static let rejected = Flags(rawValue: 1 << 0)
        /// Accepted and `dataID != hookID`: a retry, and the data id follows the hook id in the text.
        static let retry = Flags(rawValue: 1 << 1)
        static let duplicate = Flags(rawValue: 1 << 2)
        /// An empty hook id, which `id:` never matches.
        static let noHookID = Flags(rawValue: 1 << 3)
        /// Accepted, and both ids are ASCII without CR or separator bytes: the text holds them (lowercased)
        /// and a `hasPrefix` on them is a byte comparison, with no grapheme clusters or canonical
        /// equivalents to consider. Other ids are asked of the record.
        static let idsInText = Flags(rawValue: 1 << 4)
        /// The ids have upper-case letters, which the text has lowercased: an `id:` find is confirmed.
        static let idsHaveUpperCase = Flags(rawValue: 1 << 5)
        /// Changed by `update` so that its text no longer holds: every term asks the record itself.
        static let stale = Flags(rawValue: 1 << 6)
    }

    /// Ends every field of the text, so a match never spans two fields; a word holding it is matched with
    /// `Filter.holds` record by record instead.
    static let separator: UInt8 = 0
    /// Status ids: 0..<23 are `FaxStatus.documented` positions, then "no status", then unknown values.
    static let noStatusID = UInt32(FaxStatus.documented.count)

    private(set) var flags: [UInt8] = []
    private(set) var statusIDs: [UInt32] = []
    private(set) var eventIDs: [UInt32] = []
    private(set) var fromIDs: [UInt32] = []
    private(set) var toIDs: [UInt32] = []
    /// Record `i`'s text is `text[textStarts[i]..<textStarts[i + 1]]`.
    private(set) var textStarts: [UInt32] = [0]
    private(set) var text: [UInt8] = []
    private(set) var events = DistinctTexts()
    private(set) var numbers = DistinctTexts()
    private(set) var unknownStatuses = DistinctTexts()
    private(set) var staleCount = 0

    init() {}

    mutating func reserveCapacity(_ count: Int) {
        flags.reserveCapacity(count)
        statusIDs.reserveCapacity(count)
        eventIDs.reserveCapacity(count)
        fromIDs.reserveCapacity(count)
        toIDs.reserveCapacity(count)
        textStarts.reserveCapacity(count + 1)
        // A guess (a 24-character id and a short file name): growing the text copies it at every step.
        text.reserveCapacity(count * 40)
    }

    var statusCount: Int { Int(Self.noStatusID) + 1 + unknownStatuses.count }

    /// A status with the very bytes (and documented position) of every record carrying `id`.
    func status(id: Int) -> FaxStatus? {
        let none = Int(Self.noStatusID)
        if id < none { return FaxStatus.documented[id].status }
        return id == none ? nil : .unknown(unknownStatuses.values[id - none - 1])
    }

    mutating func append(_ record: FeedRecord) {
        var recordFlags = Self.flags(of: record)
        if !appendText(of: record) {
            recordFlags.insert(.stale)
            staleCount += 1
        }
        flags.append(recordFlags.rawValue)
        statusIDs.append(statusID(record.status))
        eventIDs.append(events.id(of: record.hookEvent))
        fromIDs.append(numbers.id(of: record.from))
        toIDs.append(numbers.id(of: record.to))
    }

    /// Follows a change of record `index` from `old` to `new`. Its text cannot grow in place, so a record
    /// whose searchable text changed is marked stale and asked directly from then on (in practice only the
    /// delivery count changes).
    mutating func update(at index: Int, from old: FeedRecord, to new: FeedRecord) {
        var recordFlags = Self.flags(of: new)
        let wasStale = flags[index] & Flags.stale.rawValue != 0
        if wasStale || !Self.sameText(old, new) {
            recordFlags.insert(.stale)
            if !wasStale { staleCount += 1 }
        }
        flags[index] = recordFlags.rawValue
        statusIDs[index] = statusID(new.status)
        eventIDs[index] = events.id(of: new.hookEvent)
        fromIDs[index] = numbers.id(of: new.from)
        toIDs[index] = numbers.id(of: new.to)
    }

    /// Appends the columns of the record ``FeedRecordDecoder`` makes from `row` (its `isRetry` and
    /// `status` given), from the bytes, without the record: loading history builds the columns on one
    /// thread and the records on another. Only when the record's texts are all ASCII, where a string's
    /// UTF-8 is the stored bytes and string equality is byte equality; false (nothing appended) otherwise,
    /// and the caller appends the record itself.
    mutating func appendSummary(_ row: EventSummaryBytes, isRetry: Bool, status: FaxStatus?) -> Bool {
        guard TextBytes.isASCII(row.hookID), TextBytes.isASCII(row.dataID), TextBytes.isASCII(row.hookEvent),
              TextBytes.isASCII(row.fileName), TextBytes.isASCII(row.from), TextBytes.isASCII(row.to)
        else { return false }
        // What `flags(of:)` and `appendText(of:)` make of that record: an accepted event delivered once,
        // whose data id has the hook id's bytes unless it is a retry.
        var recordFlags: Flags = isRetry ? [.retry] : []
        if row.hookID.isEmpty {
            recordFlags.insert(.noHookID)
        } else {
            let hook = IDBytes(bytes: row.hookID), data = IDBytes(bytes: row.dataID)
            if hook.plain && data.plain {
                recordFlags.insert(.idsInText)
                if hook.upperCase || data.upperCase { recordFlags.insert(.idsHaveUpperCase) }
            }
        }
        let start = text.count
        appendField(row.hookID)
        if isRetry { appendField(row.dataID) }
        appendField(row.fileName)
        if !endText(from: start) {
            recordFlags.insert(.stale)
            staleCount += 1
        }
        flags.append(recordFlags.rawValue)
        statusIDs.append(statusID(status))
        eventIDs.append(events.id(ofBytes: row.hookEvent))
        fromIDs.append(numbers.id(ofBytes: row.from))
        toIDs.append(numbers.id(ofBytes: row.to))
        return true
    }

    private mutating func appendField(_ bytes: UnsafeBufferPointer<UInt8>) {
        text.append(contentsOf: bytes)
        text.append(Self.separator)
    }

    /// What `update` does when a repeat delivery sets record `index`'s delivery count to `count`: only
    /// the duplicate flag can change (the text and ids do not).
    mutating func setDeliveryCount(at index: Int, _ count: Int32) {
        if count > 1 { flags[index] |= Flags.duplicate.rawValue } else { flags[index] &= ~Flags.duplicate.rawValue }
    }

    var count: Int { flags.count }

    /// Whether these columns describe `records` as far as a repeat delivery can change them (loading
    /// history checks the columns built on the other thread saw the same repeats).
    func agreeOnDuplicates(with records: [FeedRecord]) -> Bool {
        guard records.count == flags.count else { return false }
        for index in records.indices
        where (flags[index] & Flags.duplicate.rawValue != 0) != records[index].isDuplicate { return false }
        return true
    }

    private mutating func statusID(_ status: FaxStatus?) -> UInt32 {
        guard let status else { return Self.noStatusID }
        if let index = status.documentedIndex { return UInt32(index) }
        return Self.noStatusID + 1 + unknownStatuses.id(of: status.raw)
    }

    static func flags(of record: FeedRecord) -> Flags {
        var flags: Flags = []
        if record.isRejection { flags.insert(.rejected) }
        if record.isRetry { flags.insert(.retry) }
        if record.isDuplicate { flags.insert(.duplicate) }
        if record.hookID.isEmpty {
            flags.insert(.noHookID)
        } else if !record.isRejection {
            let hook = IDBytes(record.hookID), data = IDBytes(record.dataID)
            if hook.plain && data.plain {
                flags.insert(.idsInText)
                if hook.upperCase || data.upperCase { flags.insert(.idsHaveUpperCase) }
            }
        }
        return flags
    }

    /// What an id's bytes allow: held in the text and compared as bytes (ASCII without CR or separator),
    /// and whether lowercasing changed it.
    private struct IDBytes {
        var plain = true
        var upperCase = false

        init(_ id: String) {
            var id = id
            self = id.withUTF8 { IDBytes(bytes: $0) }
        }

        init(bytes: UnsafeBufferPointer<UInt8>) {
            for byte in bytes {
                if byte == FeedSearchColumns.separator || byte >= 0x80 || byte == 0x0D { plain = false }
                if byte >= 0x41 && byte <= 0x5A { upperCase = true }
            }
        }
    }

    /// The fields `Filter` searches for a word besides numbers, status and event: ids and file name, or a
    /// rejection's reason, code and remote address (the same choice `Filter.matchesWord` makes). Handed
    /// out one by one rather than as an array: appending a record should not allocate.
    private static func forEachTextField(of record: FeedRecord, _ body: (String) -> Void) {
        if let rejection = record.rejection {
            body(rejection.reason)
            body(String(rejection.code))
            body(record.remote)
            return
        }
        body(record.hookID)
        if record.isRetry { body(record.dataID) }
        body(record.fileName)
    }

    private static func sameText(_ a: FeedRecord, _ b: FeedRecord) -> Bool {
        var old: [String] = [], new: [String] = []
        forEachTextField(of: a) { old.append($0) }
        forEachTextField(of: b) { new.append($0) }
        return a.isRejection == b.isRejection && old.count == new.count
            && zip(old, new).allSatisfy { $0.utf8.elementsEqual($1.utf8) }
    }

    /// Appends the record's fields, lowercased, each followed by the separator; false (nothing appended)
    /// when positions would no longer fit 32 bits.
    private mutating func appendText(of record: FeedRecord) -> Bool {
        let start = text.count
        Self.forEachTextField(of: record) { field in
            var field = field
            field.withUTF8 { text.append(contentsOf: $0) }
            text.append(Self.separator)
        }
        return endText(from: start)
    }

    /// Lowercases the text appended since `start` and ends the record there; false (the text taken
    /// back) when positions would no longer fit 32 bits.
    private mutating func endText(from start: Int) -> Bool {
        guard text.count <= Int(UInt32.max) else {
            text.removeSubrange(start...)
            textStarts.append(UInt32(start))
            return false
        }
        text.withUnsafeMutableBufferPointer { bytes in
            for i in start..<bytes.count where bytes[i] >= 0x41 && bytes[i] <= 0x5A { bytes[i] |= 0x20 }
        }
        textStarts.append(UInt32(text.count))
        return true
    }
}

extension FeedSearchColumns {
    /// Indices of the records `filter` matches, ascending; `records` are the ones the columns describe.
    ///
    /// Two passes split across the cores: the first tests blocks of records into a bitset and counts the
    /// matches per chunk, the second writes each chunk's indices straight to its place in the result.
    func matchingIndices(of filter: Filter, in records: [FeedRecord]) -> [Int32] {
        precondition(records.count == flags.count)
        let compiled = CompiledFilter(filter, columns: self)
        let count = records.count
        let blockCount = (count + ColumnScan.blockSize - 1) / ColumnScan.blockSize
        // Several chunks per core even out chunks where matches (and so byte comparisons) cluster.
        let chunkCount = count < 50_000 ? 1 : min(blockCount, ProcessInfo.processInfo.activeProcessorCount * 4)
        let chunks = (0..<chunkCount).map { chunk in
            let first = chunk * blockCount / chunkCount * ColumnScan.blockSize
            let end = min(count, (chunk + 1) * blockCount / chunkCount * ColumnScan.blockSize)
            return first..<end
        }
        var bits = [UInt64](repeating: 0, count: (count + 63) / 64)
        var matchCounts = [Int](repeating: 0, count: chunkCount)
        withScan(records) { scan in
            bits.withUnsafeMutableBufferPointer { bits in
                matchCounts.withUnsafeMutableBufferPointer { matchCounts in
                    let output = ScanOutput(bits: bits, counts: matchCounts)
                    DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                        output.counts[chunk] = scan.match(compiled, chunks[chunk], into: output.bits)
                    }
                }
            }
        }
        // Chunk c's indices start after those of chunks 0..<c.
        let firstSlots = matchCounts.reduce(into: [0]) { $0.append($0.last! + $1) }
        let total = firstSlots.last!
        return bits.withUnsafeBufferPointer { bits in
            [Int32](unsafeUninitializedCapacity: total) { result, initialized in
                let output = IndexOutput(bits: bits, indices: result)
                DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                    output.write(chunks[chunk], from: firstSlots[chunk])
                }
                initialized = total
            }
        }
    }

    private func withScan<Result>(_ records: [FeedRecord], _ body: (ColumnScan) -> Result) -> Result {
        records.withUnsafeBufferPointer { records in
            flags.withUnsafeBufferPointer { flags in
                statusIDs.withUnsafeBufferPointer { statusIDs in
                    eventIDs.withUnsafeBufferPointer { eventIDs in
                        fromIDs.withUnsafeBufferPointer { fromIDs in
                            toIDs.withUnsafeBufferPointer { toIDs in
                                textStarts.withUnsafeBufferPointer { textStarts in
                                    text.withUnsafeBufferPointer { text in
                                        body(ColumnScan(
                                            records: records, flags: flags, statusIDs: statusIDs, eventIDs: eventIDs,
                                            fromIDs: fromIDs, toIDs: toIDs, textStarts: textStarts, text: text,
                                            hasStale: staleCount > 0))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Where the first pass's workers write: each its own blocks' bitset words and its own count.
private struct ScanOutput: @unchecked Sendable {
    let bits: UnsafeMutableBufferPointer<UInt64>
    let counts: UnsafeMutableBufferPointer<Int>
}

/// Where the second pass's workers write: each chunk's indices, from the slot its predecessors end at.
private struct IndexOutput: @unchecked Sendable {
    let bits: UnsafeBufferPointer<UInt64>
    let indices: UnsafeMutableBufferPointer<Int32>

    func write(_ records: Range<Int>, from firstSlot: Int) {
        guard !records.isEmpty else { return }
        var slot = firstSlot
        for word in records.lowerBound / 64..<(records.upperBound + 63) / 64 {
            var set = bits[word]
            while set != 0 {
                indices[slot] = Int32(word * 64 + set.trailingZeroBitCount)
                slot += 1
                set &= set - 1
            }
        }
    }
}
