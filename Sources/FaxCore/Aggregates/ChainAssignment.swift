/// Which retry chain each accepted event belongs to, worked out from stored column bytes on a thread
/// of its own while another builds the feed (loading history at start-up); ``RetryChains/init(records:assignment:)`` then makes the
/// chains from the feed's records without hashing a single id again.
///
/// Chains are found by the same 64-bit fingerprint of the record's data id as ``RetryChains`` uses.
/// Two sessions sharing a fingerprint are not told apart here (that needs the ids): the assembly
/// compares the ids and gives up, and the caller builds the chains the usual way.
public struct ChainAssignment: Sendable {
    /// For each accepted event in sequence order, its sequence number and its chain's position.
    public private(set) var seqs: [Int64] = []
    public private(set) var chainOfEvent: [Int32] = []
    /// The first chain with each fingerprint: ``RetryChains``'s own table when no two sessions collide.
    private(set) var positions: [UInt64: Int32] = [:]
    public private(set) var chainCount = 0
    let fingerprintMask: UInt64

    public init(expectedEvents: Int = 0) {
        self.init(expectedEvents: expectedEvents, fingerprintMask: .max)
    }

    /// Fingerprints cut to `fingerprintBits` bits, so that different ids share them: for tests of what
    /// happens then.
    public init(expectedEvents: Int, fingerprintBits: Int) {
        self.init(expectedEvents: expectedEvents, fingerprintMask: RetryChains.mask(bits: fingerprintBits))
    }

    private init(expectedEvents: Int, fingerprintMask: UInt64) {
        self.fingerprintMask = fingerprintMask
        seqs.reserveCapacity(expectedEvents)
        chainOfEvent.reserveCapacity(expectedEvents)
        positions.reserveCapacity(expectedEvents)
    }

    /// Adds the next event, in sequence order, and tells whether its record is a retry.
    @discardableResult
    public mutating func add(_ row: EventSummaryBytes) -> (isRetry: Bool, chain: Int32) {
        let (isRetry, fingerprint) = Self.identity(row)
        let masked = fingerprint & fingerprintMask
        let chain: Int32
        if let known = positions[masked] {
            chain = known
        } else {
            chain = Int32(chainCount)
            positions[masked] = chain
            chainCount += 1
        }
        seqs.append(row.seq)
        chainOfEvent.append(chain)
        return (isRetry, chain)
    }

    /// `record.isRetry` and the fingerprint of `record.dataID` for the record this row makes. From the
    /// bytes when both ids are ASCII (where `String` equality is byte equality); otherwise from the
    /// strings, as `FeedRecord` compares them (canonical equivalence, repaired invalid UTF-8).
    static func identity(_ row: EventSummaryBytes) -> (isRetry: Bool, fingerprint: UInt64) {
        let same = TextBytes.equal(row.hookID, row.dataID)
        if TextBytes.isASCII(row.dataID) && (same || TextBytes.isASCII(row.hookID)) {
            return (!same, RetryChains.fingerprint(bytes: row.dataID))
        }
        let hookID = String(decoding: row.hookID, as: UTF8.self)
        let decoded = String(decoding: row.dataID, as: UTF8.self)
        let dataID = decoded == hookID ? hookID : decoded
        return (hookID != dataID, RetryChains.fingerprint(dataID))
    }
}

extension RetryChains {
    /// The chains that adding `records` (the feed, in sequence order) one by one would give, with each
    /// accepted record's chain taken from `assignment`. Nil when the assignment does not fit: it saw
    /// other events (the store changed between the two reads) or two sessions share a fingerprint.
    public init?(records: [FeedRecord], assignment: ChainAssignment) {
        self.init(fingerprintMask: assignment.fingerprintMask)
        chains.reserveCapacity(assignment.chainCount)
        var event = 0
        // Fields read in place: binding each record to a variable would copy it (retaining its strings).
        for index in records.indices where !records[index].isRejection {
            guard event < assignment.seqs.count, assignment.seqs[event] == records[index].seq else { return nil }
            let chain = Int(assignment.chainOfEvent[event])
            event += 1
            let attempt = Attempt(
                seq: records[index].seq, hookID: records[index].hookID, eventTime: records[index].eventTime,
                receivedAt: records[index].receivedAt, status: records[index].status,
                deliveryCount: records[index].deliveryCount)
            if chain == chains.count {
                chains.append(Chain(dataID: records[index].dataID, hookEvent: records[index].hookEvent,
                                    from: records[index].from, to: records[index].to, attempt: attempt))
            } else if chain < chains.count, chains[chain].dataID == records[index].dataID {
                chains[chain].insert(attempt)
            } else {
                return nil
            }
        }
        guard event == assignment.seqs.count, chains.count == assignment.chainCount else { return nil }
        positions = assignment.positions
    }
}
