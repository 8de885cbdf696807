/// Counts per minute over a sliding window, for the header's sparkline.
public struct MinuteCounter: Sendable, Equatable {
    public private(set) var counts: [Int]
    public private(set) var lastMinute: Int64 = 0

    public init(minutes: Int) {
        counts = Array(repeating: 0, count: minutes)
    }

    public mutating func add(at milliseconds: Int64) {
        let minute = milliseconds / 60_000
        advance(to: minute)
        let age = Int(lastMinute - minute)
        if age >= 0, age < counts.count { counts[counts.count - 1 - age] += 1 }
    }

    /// Moves the window so that its last slot is `minute`.
    public mutating func advance(to minute: Int64) {
        guard minute > lastMinute else { return }
        let shift = Int(min(Int64(counts.count), minute - lastMinute))
        counts.removeFirst(shift)
        counts.append(contentsOf: repeatElement(0, count: shift))
        lastMinute = minute
    }
}
