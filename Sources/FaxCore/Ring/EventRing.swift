import Foundation

/// The bounded hand-off between the receiver's threads (many producers) and the UI thread (one consumer).
///
/// A producer never waits for the consumer: when the ring is full the oldest item is overwritten and
/// counted as an overrun. Every pushed item gets the next ring sequence number, so the consumer can
/// tell exactly which items it lost (and fetch them again from the store, which has them all).
/// The lock is held only to copy one element in or a batch out, never across I/O.
///
/// The lock is an `NSLock` (a pthread mutex) rather than `Synchronization.Mutex`: on Linux, Mutex locks
/// with raw futex calls that ThreadSanitizer cannot see, so `--sanitize=thread` reported every access
/// under it as a race. `state` is only touched inside `withLock`, hence `@unchecked Sendable`.
public final class EventRing<Element: Sendable>: @unchecked Sendable {
    /// What one `drain` hands the consumer.
    public struct Batch: Sendable {
        /// Items in push order, each with its ring sequence number.
        public var items: [(seq: UInt64, element: Element)]
        /// Ring sequence numbers that were overwritten before this drain could take them
        /// (a contiguous range just before `items`).
        public var missed: Range<UInt64>

        public var isEmpty: Bool { items.isEmpty && missed.isEmpty }
    }

    private struct State {
        var slots: [Element?]
        /// Sequence number the next push gets.
        var nextSeq: UInt64 = 0
        /// Oldest sequence number the consumer has not taken yet.
        var readSeq: UInt64 = 0
        var overruns: UInt64 = 0
    }

    public let capacity: Int
    private let lock = NSLock()
    private var state: State

    public init(capacity: Int) {
        precondition(capacity > 0, "ring capacity must be positive")
        self.capacity = capacity
        self.state = State(slots: Array(repeating: nil, count: capacity))
    }

    private func withLock<R>(_ body: (inout State) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&state)
    }

    /// Adds an item, overwriting the oldest one if the ring is full. Returns its sequence number.
    @discardableResult
    public func push(_ element: Element) -> UInt64 {
        withLock { Self.push(element, into: &$0, capacity: capacity) }
    }

    private static func push(_ element: Element, into s: inout State, capacity: Int) -> UInt64 {
        let seq = s.nextSeq
        if seq - s.readSeq == UInt64(capacity) {
            s.readSeq += 1
            s.overruns += 1
        }
        s.slots[Int(seq % UInt64(capacity))] = element
        s.nextSeq = seq + 1
        return seq
    }

    /// Adds a batch in order. Returns true when the ring was empty before, so a producer need wake the
    /// consumer only then (a consumer drains until empty, so it sees the rest without another wake-up).
    @discardableResult
    public func pushAll(_ elements: [Element]) -> Bool {
        withLock { s in
            let wasEmpty = s.nextSeq == s.readSeq
            for element in elements { _ = Self.push(element, into: &s, capacity: capacity) }
            return wasEmpty
        }
    }

    /// Takes up to `limit` items. `lastSeen` is the sequence number the consumer took last (nil at
    /// first), so the batch can report what was overwritten since.
    public func drain(after lastSeen: UInt64?, limit: Int = .max) -> Batch {
        withLock { s in
            let expected = lastSeen.map { $0 + 1 } ?? 0
            let missed = expected < s.readSeq ? expected..<s.readSeq : s.readSeq..<s.readSeq
            let count = Int(min(UInt64(limit), s.nextSeq - s.readSeq))
            var items: [(seq: UInt64, element: Element)] = []
            items.reserveCapacity(count)
            for _ in 0..<count {
                let slot = Int(s.readSeq % UInt64(capacity))
                items.append((s.readSeq, s.slots[slot]!))
                s.slots[slot] = nil
                s.readSeq += 1
            }
            return Batch(items: items, missed: missed)
        }
    }

    /// Items overwritten before the consumer took them, since the ring was made.
    public var overruns: UInt64 { withLock { $0.overruns } }

    /// Items waiting for the consumer.
    public var count: Int { withLock { Int($0.nextSeq - $0.readSeq) } }

    /// Sequence number the next push will get.
    public var nextSeq: UInt64 { withLock { $0.nextSeq } }
}
