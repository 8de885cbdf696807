/// Per-number statistics, from each number's own point of view: a fax counts as *sent* for the
/// number it came from and *received* for the number it went to (whichever event reported it).
/// Pages, cost, failures and retries count for both numbers of the fax.
public struct NumberStats: Sendable {
    public struct Row: Sendable, Equatable {
        /// Digits (or the raw text when the number has none): the aggregation key.
        public var key: String
        /// The number as most recently written by a sender, for display.
        public var display: String
        public var sent = 0
        public var received = 0
        public var pages = 0
        public var cost = 0.0
        public var failures = 0
        public var successes = 0
        public var retries = 0
        /// Milliseconds since 1970 of the latest delivery that involved this number.
        public var lastSeen: Int64 = 0
        /// Deliveries per minute for the last `NumberStats.activityMinutes` minutes, oldest first,
        /// ending at the minute of `lastSeen`.
        public var activity: [Int32] = Array(repeating: 0, count: NumberStats.activityMinutes)

        /// A number with no traffic yet (an account's own number, from the Fax.Plus API).
        public init(key: String, display: String) {
            self.key = key
            self.display = display
        }

        /// Successes over faxes that finished one way or the other, or nil before any did.
        public var successRate: Double? {
            let finished = successes + failures
            return finished == 0 ? nil : Double(successes) / Double(finished)
        }

        /// Activity shifted to end at `minute` (minutes since 1970), for drawing against "now".
        public func activity(endingAt minute: Int64) -> [Int32] {
            let lastMinute = lastSeen / 60_000
            let shift = Int(max(0, min(Int64(activity.count), minute - lastMinute)))
            return Array(activity.dropFirst(shift)) + Array(repeating: 0, count: shift)
        }

        mutating func add(_ record: FeedRecord, number: String, isSender: Bool, outcome: FaxStatus.Outcome?) {
            if display != number { display = number }
            if isSender { sent += 1 } else { received += 1 }
            pages += Int(record.pages)
            cost += record.cost
            if outcome == .failed || outcome == .noCredit { failures += 1 }
            if outcome == .succeeded { successes += 1 }
            if record.isRetry { retries += 1 }
            self.record(at: record.receivedAt)
        }

        mutating func record(at time: Int64) {
            let minute = time / 60_000
            let lastMinute = lastSeen / 60_000
            if lastSeen == 0 || minute > lastMinute {
                let shift = lastSeen == 0 ? activity.count : Int(min(Int64(activity.count), minute - lastMinute))
                activity.removeFirst(shift)
                activity.append(contentsOf: repeatElement(0, count: shift))
                lastSeen = time
            } else if time > lastSeen {
                lastSeen = time
            }
            // Late arrivals (backfill) count in their own minute when it is still in the window.
            let age = Int(max(lastMinute, minute) - minute)
            if age < activity.count { activity[activity.count - 1 - age] += 1 }
        }
    }

    public static let activityMinutes = 30

    /// Every number's row, in the order the numbers were first seen.
    public private(set) var table: [Row] = []
    /// Row position by aggregation key, and by the number exactly as written: most deliveries repeat a
    /// spelling already seen, and finding it by the text as written skips working out its digits
    /// (an allocation each) twice a delivery, which made this the costliest part of loading history.
    private var positionByKey: [String: Int32] = [:]
    private var positionBySpelling: [String: Int32] = [:]

    public init() {}

    /// The rows by aggregation key.
    public var rows: [String: Row] {
        Dictionary(uniqueKeysWithValues: table.map { ($0.key, $0) })
    }

    public var count: Int { table.count }

    /// Whether a number with this aggregation key (``PhoneNumber/statsKey(_:)``) has a row.
    public func contains(key: String) -> Bool { positionByKey[key] != nil }

    public mutating func add(_ record: FeedRecord) {
        guard !record.isRejection else { return }
        let outcome = record.status?.outcome
        add(record, number: record.from, isSender: true, outcome: outcome)
        add(record, number: record.to, isSender: false, outcome: outcome)
    }

    private mutating func add(_ record: FeedRecord, number: String, isSender: Bool, outcome: FaxStatus.Outcome?) {
        if number.isEmpty { return }
        let position: Int
        if let known = positionBySpelling[number] {
            position = Int(known)
        } else {
            let key = PhoneNumber.statsKey(number)
            if let known = positionByKey[key] {
                position = Int(known)
            } else {
                position = table.count
                table.append(Row(key: key, display: number))
                positionByKey[key] = Int32(position)
            }
            positionBySpelling[number] = Int32(position)
        }
        // Mutated in place: copying a row out would copy its activity array.
        table[position].add(record, number: number, isSender: isSender, outcome: outcome)
    }

    /// Ways the numbers table can be ordered (cycled with `s`).
    public enum Sort: String, CaseIterable, Sendable {
        case lastSeen = "last seen"
        case total
        case failures
        case number
    }

    public func sorted(by sort: Sort) -> [Row] {
        let all = table
        switch sort {
        case .lastSeen: return all.sorted { ($0.lastSeen, $0.key) > ($1.lastSeen, $1.key) }
        case .total: return all.sorted { ($0.sent + $0.received, $1.key) > ($1.sent + $1.received, $0.key) }
        case .failures: return all.sorted { ($0.failures, $1.key) > ($1.failures, $0.key) }
        case .number: return all.sorted { $0.key < $1.key }
        }
    }
}
