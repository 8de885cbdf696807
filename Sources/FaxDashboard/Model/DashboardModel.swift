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

    /// An accepted event, as its feed record. With `loading: true` (history loading on two threads)
    /// the chains and the feed's search columns are left to the other thread
    /// (``finishLoading(chains:search:)``).
    mutating func apply(_ record: consuming FeedRecord, loading: Bool = false) {
        perMinute.add(at: record.receivedAt)
        numbers.add(record)
        if !loading { chains.add(record) }
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
        // Last: moved into the feed rather than copied.
        if loading { feed.appendWithoutSearchColumns(record) } else { feed.append(record) }
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

    mutating func apply(_ rejection: Rejection, loading: Bool = false) {
        perMinute.add(at: rejection.receivedAt)
        totals.rejected += 1
        if loading { feed.appendWithoutSearchColumns(FeedRecord(rejection)) } else { feed.append(FeedRecord(rejection)) }
        appliedSeq = rejection.seq
    }

    /// Takes the parts the other thread built from the same deliveries (see `apply(_:loading:)`). Each
    /// part that does not fit the feed (the thread read other deliveries, or two sessions share a chain
    /// fingerprint) is built from the feed's records instead; returns the names of those.
    mutating func finishLoading(chains: ChainAssignment, search: SearchColumnsBuilder) -> [String] {
        var rebuilt: [String] = []
        if !feed.adoptSearchColumns(search) {
            feed.buildSearchColumns()
            rebuilt.append("search columns")
        }
        if let chains = RetryChains(records: feed.records, assignment: chains) {
            self.chains = chains
        } else {
            rebuildChainsFromFeed()
            rebuilt.append("chains")
        }
        return rebuilt
    }

    /// Finishes loading when the other thread failed: its parts built from the feed's records.
    mutating func finishLoadingFromFeed() {
        feed.buildSearchColumns()
        rebuildChainsFromFeed()
    }

    private mutating func rebuildChainsFromFeed() {
        var chains = RetryChains()
        chains.reserveCapacity(feed.count)
        for index in feed.records.indices { chains.add(feed.records[index]) }
        self.chains = chains
    }

    /// Makes room in the feed for about `records` records.
    mutating func reserveFeedCapacity(_ records: Int, withSearchColumns: Bool) {
        feed.reserveCapacity(records, withSearchColumns: withSearchColumns)
    }

    public mutating func setFilter(_ filter: Filter) {
        feed.setFilter(filter)
    }
}
