import FaxCore

/// What `Enter` on a number shows: its last faxes, its success rate over the last hour and day, and its
/// most common failures. Read from the feed the filter shows, newest first, as far back as the last 50
/// faxes and the last day need.
struct NumberHistory {
    struct Rate: Equatable {
        var successes = 0
        var failures = 0

        /// Successes over faxes that finished one way or the other (as the Numbers pane counts), or nil.
        var value: Double? { successes + failures == 0 ? nil : Double(successes) / Double(successes + failures) }

        mutating func add(_ outcome: FaxStatus.Outcome?) {
            if outcome == .succeeded { successes += 1 }
            if outcome == .failed || outcome == .noCredit { failures += 1 }
        }
    }

    static let recentLimit = 50

    /// The number's newest faxes, newest first, at most ``recentLimit``.
    private(set) var recent: [FeedRecord] = []
    private(set) var lastHour = Rate()
    private(set) var lastDay = Rate()
    /// Failure statuses of the last day, most common first.
    private(set) var failures: [(status: FaxStatus, count: Int)] = []

    /// `key` is the Numbers pane's aggregation key (`PhoneNumber.statsKey`); `now` in milliseconds.
    init(key: String, feed: FeedIndex, now: Int64) {
        let hourAgo = now - 3_600_000, dayAgo = now - 86_400_000
        // Spellings repeat: each is worked out to its key once.
        var matches: [String: Bool] = [:]
        func isTheNumber(_ text: String) -> Bool {
            if let known = matches[text] { return known }
            let result = !text.isEmpty && PhoneNumber.statsKey(text) == key
            matches[text] = result
            return result
        }
        var failureCounts: [String: (FaxStatus, Int)] = [:]
        var position = feed.visible.count - 1
        while position >= 0 {
            let record = feed.visibleRecord(position)
            position -= 1
            if record.receivedAt < dayAgo, recent.count >= Self.recentLimit { break }
            guard !record.isRejection, isTheNumber(record.from) || isTheNumber(record.to) else { continue }
            if recent.count < Self.recentLimit { recent.append(record) }
            guard record.receivedAt >= dayAgo else { continue }
            let outcome = record.status?.outcome
            lastDay.add(outcome)
            if record.receivedAt >= hourAgo { lastHour.add(outcome) }
            if let status = record.status, outcome == .failed || outcome == .noCredit {
                failureCounts[status.raw, default: (status, 0)].1 += 1
            }
        }
        failures = failureCounts.values.sorted { ($0.1, $1.0.raw) > ($1.1, $0.0.raw) }.map { ($0.0, $0.1) }
    }
}
