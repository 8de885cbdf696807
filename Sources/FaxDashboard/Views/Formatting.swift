import FaxCore

/// Short human forms of times, durations and amounts.
public enum Formatting {
    /// `HH:mm:ss` (UTC) of milliseconds since 1970.
    public static func clock(_ milliseconds: Int64) -> String {
        let full = FaxTimestamp.format(milliseconds / 1000)
        return String(full.suffix(8))
    }

    /// `+42s`, `+6m`, `+1h05m`, `+2d`.
    public static func gap(_ seconds: Int64) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let s = abs(seconds)
        if s < 60 { return "\(sign)\(s)s" }
        if s < 3600 { return "\(sign)\(s / 60)m" }
        if s < 86_400 { return "\(sign)\(s / 3600)h" + String(format2(Int(s % 3600 / 60))) + "m" }
        return "\(sign)\(s / 86_400)d"
    }

    /// `3m ago` style age of `then` relative to `now` (milliseconds).
    public static func age(_ then: Int64, now: Int64) -> String {
        guard then > 0 else { return "never" }
        let s = max(0, (now - then) / 1000)
        if s < 60 { return "\(s)s ago" }
        if s < 3600 { return "\(s / 60)m ago" }
        if s < 86_400 { return "\(s / 3600)h ago" }
        return "\(s / 86_400)d ago"
    }

    public static func money(_ value: Double) -> String {
        let cents = Int64((value * 100).rounded())
        return "\(cents / 100).\(format2(Int(abs(cents) % 100)))"
    }

    static func format2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
}
