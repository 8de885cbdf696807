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
            apply(delivery)
            appliedSeq = delivery.seq
        }
    }

    private mutating func apply(_ delivery: Delivery) {
        perMinute.add(at: delivery.receivedAt)
        switch delivery {
        case .accepted(let accepted):
            let record = FeedRecord(accepted)
            feed.append(record)
            numbers.add(record)
            chains.add(record)
            chainsVersion &+= 1
            numbersVersion &+= 1
            switch record.kind {
            case .sent?: totals.sent += 1
            case .received?: totals.received += 1
            default: totals.other += 1
            }
            if let outcome = record.status?.outcome, outcome == .failed || outcome == .noCredit { totals.failed += 1 }
            if record.isRetry { totals.retries += 1 }
        case .duplicate(let duplicate):
            totals.duplicates += 1
            guard let index = feed.index(ofSeq: duplicate.eventSeq) else { return }
            let count = Int32(clamping: duplicate.deliveryCount)
            feed.update(at: index) { $0.deliveryCount = count }
            let record = feed.records[index]
            chains.updateDeliveryCount(dataID: record.dataID, seq: record.seq, to: count)
            chainsVersion &+= 1
        case .rejected(let rejection):
            totals.rejected += 1
            feed.append(FeedRecord(rejection))
        }
    }

    public mutating func setFilter(_ filter: Filter) {
        feed.setFilter(filter)
    }
}
