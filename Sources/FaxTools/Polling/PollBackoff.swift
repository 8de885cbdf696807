import Foundation

/// How long the poller waits after a failure: doubling from `initial` up to `maximum` while failures
/// repeat, and at least what a 429's `Retry-After` asks, even past `maximum` (up to a day): the
/// server knows its limit.
public struct PollBackoff: Sendable, Equatable {
    public var initial: Double
    public var maximum: Double
    public private(set) var failures = 0

    public init(initial: Double = 5, maximum: Double = 900) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The wait after one more failure.
    public mutating func next(retryAfter: Double? = nil) -> Double {
        let doubled = initial * pow(2, Double(min(failures, 20)))
        failures += 1
        return max(min(maximum, doubled), min(retryAfter ?? 0, 86_400))
    }

    public mutating func reset() { failures = 0 }

    /// `Retry-After` in seconds: a number of seconds or an HTTP date; nil when neither.
    public static func seconds(retryAfter value: String?, now: Date) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds.isFinite, seconds >= 0 { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }
}
