import Foundation

/// Reading rows off a captured screen the way a user reads them.
enum ScreenRows {
    /// The screen's rows, trailing blanks cut.
    static func lines(_ screen: String) -> [String] {
        var rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
        if screen.hasSuffix("\n") { rows.removeLast() }
        return rows.map { line in
            var line = Substring(line)
            while line.last == " " { line = line.dropLast() }
            return String(line)
        }
    }

    /// The index of the feed row that is `rest` exactly after its arrival time (`HH:mm:ss `, UTC, within
    /// two minutes of now), or nil.
    static func feedRow(_ screen: String, _ rest: String) -> Int? {
        lines(screen).firstIndex { line in
            guard line.count > 9, line.dropFirst(9) == rest, let time = clock(String(line.prefix(8))) else { return false }
            let now = Int(Date().timeIntervalSince1970) % 86_400
            let apart = abs(now - time)
            return min(apart, 86_400 - apart) <= 120 && line.dropFirst(8).first == " "
        }
    }

    /// Seconds since midnight of `HH:mm:ss`.
    private static func clock(_ text: String) -> Int? {
        let parts = text.split(separator: ":").compactMap { Int($0) }
        guard text.count == 8, parts.count == 3, parts[0] < 24, parts[1] < 60, parts[2] < 60 else { return nil }
        return parts[0] * 3600 + parts[1] * 60 + parts[2]
    }
}

extension Array where Element == String {
    /// Row `index` of a screen, or "" past its end: a screen read while faxtop draws or resizes may be
    /// shorter than expected, and an index out of range would end the whole test run.
    subscript(row index: Int) -> String { indices.contains(index) ? self[index] : "" }
}
