/// Attempts grouped by fax session (`data.id`).
///
/// The attempt whose `hook.id` equals `data.id` is the first; the others are retries ordered by
/// `event_time`, then arrival. When the first attempt was never seen, retries are numbered from 2
/// (at least one attempt came before) and the chain says the first is missing.
public struct RetryChains: Sendable {
    public struct Attempt: Sendable, Equatable {
        public var seq: Int64
        public var hookID: String
        public var eventTime: Int64?
        public var receivedAt: Int64
        public var status: FaxStatus?
        public var deliveryCount: Int32
    }

    public struct Chain: Sendable, Equatable {
        public var dataID: String
        public var hookEvent: String
        public var from: String
        public var to: String
        /// The attempts in attempt order, kept as the first and the rest: most sessions have a single
        /// attempt, and a one-element array per session was a million allocations (over 100 MB) at
        /// start-up with a million sessions.
        private var firstInOrder: Attempt
        private var rest: [Attempt] = []

        init(dataID: String, hookEvent: String, from: String, to: String, attempt: Attempt) {
            self.dataID = dataID
            self.hookEvent = hookEvent
            self.from = from
            self.to = to
            firstInOrder = attempt
        }

        /// In attempt order: the first attempt (if seen), then retries by event time and arrival.
        public var attempts: [Attempt] { [firstInOrder] + rest }
        public var attemptCount: Int { 1 + rest.count }

        public var kind: EventKind { EventKind(hookEvent: hookEvent) }

        public var firstAttemptSeen: Bool { firstInOrder.hookID == dataID }
        public var retryCount: Int { attemptCount - (firstAttemptSeen ? 1 : 0) }
        /// The last attempt's status decides how the chain ended (so far).
        public var finalStatus: FaxStatus? { (rest.last ?? firstInOrder).status }
        public var hasFailure: Bool {
            Self.failed(firstInOrder) || rest.contains(where: Self.failed)
        }
        public var lastActivity: Int64 { rest.reduce(firstInOrder.receivedAt) { max($0, $1.receivedAt) } }

        private static func failed(_ attempt: Attempt) -> Bool {
            attempt.status?.outcome == .failed || attempt.status?.outcome == .noCredit
        }

        /// Attempt number (1-based) of the attempt at `index`.
        public func attemptNumber(at index: Int) -> Int { index + (firstAttemptSeen ? 1 : 2) }

        /// Attempt number of the attempt with sequence number `seq`.
        public func attemptNumber(ofSeq seq: Int64) -> Int? {
            attempts.firstIndex { $0.seq == seq }.map(attemptNumber(at:))
        }

        /// Seconds between consecutive attempts' event times (nil where a time is missing).
        public var gaps: [Int64?] {
            let attempts = attempts
            return zip(attempts, attempts.dropFirst()).map { a, b in
                guard let t0 = a.eventTime, let t1 = b.eventTime else { return nil }
                return t1 - t0
            }
        }

        mutating func insert(_ attempt: Attempt) {
            // Retries are the rare case: work on the whole list, then split it again.
            var attempts = attempts
            if attempt.hookID == dataID {
                attempts.insert(attempt, at: 0)
            } else {
                let start = firstAttemptSeen ? 1 : 0
                var position = attempts.count
                while position > start, Self.orders(attempt, before: attempts[position - 1]) { position -= 1 }
                attempts.insert(attempt, at: position)
            }
            firstInOrder = attempts[0]
            rest = Array(attempts.dropFirst())
        }

        private static func orders(_ a: Attempt, before b: Attempt) -> Bool {
            switch (a.eventTime, b.eventTime) {
            case let (ta?, tb?) where ta != tb: return ta < tb
            default: return a.seq < b.seq
            }
        }

        mutating func updateDeliveryCount(seq: Int64, to count: Int32) {
            if firstInOrder.seq == seq {
                firstInOrder.deliveryCount = count
            } else if let i = rest.firstIndex(where: { $0.seq == seq }) {
                rest[i].deliveryCount = count
            }
        }
    }

    /// Every chain, in the order its first delivery arrived.
    public internal(set) var chains: [Chain] = []
    /// Where each session's chain is in `chains`, by a 64-bit fingerprint of its `data.id`. Small
    /// integer keys rather than the ids: with a million sessions, hashing and comparing id strings at
    /// every probe was the costliest step of loading history. (Indices rather than chains: the table's
    /// empty buckets would otherwise each hold a whole chain.)
    var positions: [UInt64: Int32] = [:]
    /// The rare session whose fingerprint an earlier session already has, by its id.
    private var collided: [String: Int32] = [:]

    /// All ones in use; tests narrow it to make fingerprints collide.
    let fingerprintMask: UInt64

    public init() { fingerprintMask = .max }

    /// For tests: fingerprints cut to `bits` bits, so that different ids share them.
    init(fingerprintBits bits: Int) { fingerprintMask = Self.mask(bits: bits) }

    init(fingerprintMask: UInt64) { self.fingerprintMask = fingerprintMask }

    static func mask(bits: Int) -> UInt64 { bits >= 64 ? .max : (1 << UInt64(bits)) - 1 }

    /// Makes room for `sessions` chains at once: growing a million-entry table step by step hashes
    /// every key again at each step.
    public mutating func reserveCapacity(_ sessions: Int) {
        chains.reserveCapacity(sessions)
        positions.reserveCapacity(sessions)
    }

    private func position(of dataID: String, fingerprint: UInt64) -> Int32? {
        guard let position = positions[fingerprint] else { return nil }
        return chains[Int(position)].dataID == dataID ? position : collided[dataID]
    }

    func fingerprint(of dataID: String) -> UInt64 { Self.fingerprint(dataID) & fingerprintMask }

    /// FNV-1a over the id's UTF-8 bytes, read in place.
    static func fingerprint(_ id: String) -> UInt64 {
        var id = id
        return id.withUTF8 { fingerprint(bytes: $0) }
    }

    static func fingerprint(bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
    }

    public mutating func add(_ record: FeedRecord) {
        guard !record.isRejection else { return }
        let attempt = Attempt(
            seq: record.seq, hookID: record.hookID, eventTime: record.eventTime,
            receivedAt: record.receivedAt, status: record.status, deliveryCount: record.deliveryCount
        )
        let fingerprint = fingerprint(of: record.dataID)
        if let position = position(of: record.dataID, fingerprint: fingerprint) {
            chains[Int(position)].insert(attempt)  // in place: no copy of the attempts
        } else {
            let chain = Chain(dataID: record.dataID, hookEvent: record.hookEvent, from: record.from, to: record.to,
                              attempt: attempt)
            let position = Int32(chains.count)
            if positions[fingerprint] == nil { positions[fingerprint] = position } else { collided[record.dataID] = position }
            chains.append(chain)
        }
    }

    public mutating func updateDeliveryCount(dataID: String, seq: Int64, to count: Int32) {
        guard let position = position(of: dataID, fingerprint: fingerprint(of: dataID)) else { return }
        chains[Int(position)].updateDeliveryCount(seq: seq, to: count)
    }

    /// Where the session's chain is in `chains`, or nil when none has that id.
    public func position(ofDataID dataID: String) -> Int32? {
        position(of: dataID, fingerprint: fingerprint(of: dataID))
    }

    public func chain(for dataID: String) -> Chain? {
        position(of: dataID, fingerprint: fingerprint(of: dataID)).map { chains[Int($0)] }
    }

    /// Chains for the chains pane: those with retries or failures first, then the most recent.
    public func ordered() -> [Chain] { orderedPositions().map { chains[Int($0)] } }

    /// The same order as positions in `chains`: what the dashboard keeps between sorts (4 bytes a
    /// session rather than a sorted copy of every chain, which was over 70 MB with a million).
    /// The sort keys are worked out once per chain, not in every comparison.
    public func orderedPositions() -> [Int32] {
        var keyed = chains.indices.map { sortKey(Int32($0)) }
        keyed.sort(by: precedes)
        return keyed.map(\.position)
    }

    /// The same order as ``orderedPositions()``, from `previous` (that order as it was) and the positions
    /// of the chains that gained an attempt since (`changed`; chains added since count too): the others
    /// keep their keys and their order, and each changed chain is put in its place by binary search. At a
    /// million sessions this costs a copy of the order, not a sort of it.
    public func orderedPositions(updating previous: [Int32], changed: [Int32]) -> [Int32] {
        var isChanged = [Bool](repeating: false, count: chains.count)
        var moved: [SortKey] = []
        for position in changed + (Int32(previous.count)..<Int32(chains.count)) where !isChanged[Int(position)] {
            isChanged[Int(position)] = true
            moved.append(sortKey(position))
        }
        moved.sort(by: precedes)
        let kept = previous.filter { !isChanged[Int($0)] }
        var result: [Int32] = []
        result.reserveCapacity(chains.count)
        var start = 0
        for key in moved {
            // The first kept chain that does not come before this one.
            var low = start, high = kept.count
            while low < high {
                let mid = (low + high) / 2
                if precedes(sortKey(kept[mid]), key) { low = mid + 1 } else { high = mid }
            }
            result += kept[start..<low]
            result.append(key.position)
            start = low
        }
        result += kept[start...]
        return result
    }

    /// What the chains pane orders by: those with retries or failures first, then the most recent, then by id.
    struct SortKey {
        var interesting: Bool
        var last: Int64
        var position: Int32
    }

    func sortKey(_ position: Int32) -> SortKey {
        let chain = chains[Int(position)]
        return SortKey(interesting: chain.retryCount > 0 || chain.hasFailure, last: chain.lastActivity, position: position)
    }

    func precedes(_ a: SortKey, _ b: SortKey) -> Bool {
        if a.interesting != b.interesting { return a.interesting }
        if a.last != b.last { return a.last > b.last }
        return chains[Int(a.position)].dataID < chains[Int(b.position)].dataID
    }
}
