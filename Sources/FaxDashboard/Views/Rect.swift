import FaxCore

/// A rectangle of the screen in rows and columns.
public struct Rect: Equatable, Sendable {
    public var row: Int
    public var col: Int
    public var height: Int
    public var width: Int

    public init(row: Int, col: Int, height: Int, width: Int) {
        self.row = row
        self.col = col
        self.height = max(0, height)
        self.width = max(0, width)
    }

    public func contains(row r: Int, col c: Int) -> Bool {
        r >= row && r < row + height && c >= col && c < col + width
    }
}

/// Keeps a selection inside a scrolled window of `height` rows over `count` items.
public enum Scrolling {
    /// The top row that keeps `selection` visible, moving as little as possible from `top`.
    public static func top(selection: Int, top: Int, height: Int, count: Int) -> Int {
        guard height > 0, count > 0 else { return 0 }
        var t = min(top, max(0, count - height))
        if selection < t { t = selection }
        if selection >= t + height { t = selection - height + 1 }
        return max(0, t)
    }
}

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
