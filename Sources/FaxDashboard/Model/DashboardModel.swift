import FaxCore

/// Everything the dashboard knows about the deliveries: the feed, per-number statistics, retry
/// chains and header totals. Applied in sequence order, batch by batch; cost grows with the batch.
public struct DashboardModel: Sendable {
    public private(set) var feed = FeedIndex()
    public private(set) var numbers = NumberStats()
    public private(set) var chains = RetryChains()
    public private(set) var totals = Totals()
    /// The highest store sequence number applied; the next delivery should be `appliedSeq + 1`.
    public private(set) var appliedSeq: Int64 = 0
    /// Deliveries per minute for the last 30 minutes (index 29 is the current minute).
    public private(set) var perMinute = MinuteCounter(minutes: 30)
    /// Bumped whenever chains change, so views can cache their sorted order.
    public private(set) var chainsVersion = 0
    public private(set) var numbersVersion = 0

    public struct Totals: Sendable, Equatable {
        public var sent = 0
        public var received = 0
        public var other = 0
        public var failed = 0
        public var rejected = 0
        public var duplicates = 0
        public var retries = 0
    }

    public init() {}

    /// Makes room for about `deliveries` deliveries (loading history knows how many are coming).
    public mutating func reserveCapacity(_ deliveries: Int) {
        chains.reserveCapacity(deliveries)
    }

    /// Applies deliveries in sequence order; ones already applied are skipped.
    public mutating func apply(_ deliveries: [Delivery]) {
        for delivery in deliveries where delivery.seq > appliedSeq {
            switch delivery {
            case .accepted(let accepted): apply(FeedRecord(accepted))
            case .duplicate(let duplicate): apply(duplicate)
            case .rejected(let rejection): apply(rejection)
            }
        }
    }

    /// An accepted event, as its feed record. With `aggregates: false` the numbers and chains are left
    /// out, for ``setAggregates(numbers:chains:)`` (loading history builds them on another thread).
    mutating func apply(_ record: consuming FeedRecord, aggregates: Bool = true) {
        perMinute.add(at: record.receivedAt)
        if aggregates {
            numbers.add(record)
            chains.add(record)
        }
        chainsVersion &+= 1
        numbersVersion &+= 1
        switch record.kind {
        case .sent?: totals.sent += 1
        case .received?: totals.received += 1
        default: totals.other += 1
        }
        if let outcome = record.status?.outcome, outcome == .failed || outcome == .noCredit { totals.failed += 1 }
        if record.isRetry { totals.retries += 1 }
        appliedSeq = record.seq
        feed.append(record)  // last: moved into the feed rather than copied
    }

    mutating func apply(_ duplicate: DuplicateDelivery) {
        perMinute.add(at: duplicate.receivedAt)
        totals.duplicates += 1
        appliedSeq = duplicate.seq
        guard let index = feed.index(ofSeq: duplicate.eventSeq) else { return }
        let count = Int32(clamping: duplicate.deliveryCount)
        feed.update(at: index) { $0.deliveryCount = count }
        let record = feed.records[index]
        chains.updateDeliveryCount(dataID: record.dataID, seq: record.seq, to: count)
        chainsVersion &+= 1
    }

    mutating func apply(_ rejection: Rejection) {
        perMinute.add(at: rejection.receivedAt)
        totals.rejected += 1
        feed.append(FeedRecord(rejection))
        appliedSeq = rejection.seq
    }

    /// Numbers and chains built elsewhere from the same deliveries as the feed (see `apply(_:aggregates:)`).
    mutating func setAggregates(numbers: NumberStats, chains: RetryChains) {
        self.numbers = numbers
        self.chains = chains
    }

    /// Numbers and chains built from the feed's records, when they could not be built elsewhere.
    mutating func rebuildAggregatesFromFeed() {
        var numbers = NumberStats(), chains = RetryChains()
        chains.reserveCapacity(feed.count)
        for record in feed.records {
            numbers.add(record)
            chains.add(record)
        }
        setAggregates(numbers: numbers, chains: chains)
    }

    /// Makes room in the feed for about `records` records.
    mutating func reserveFeedCapacity(_ records: Int) {
        feed.reserveCapacity(records)
    }

    public mutating func setFilter(_ filter: Filter) {
        feed.setFilter(filter)
    }
}
