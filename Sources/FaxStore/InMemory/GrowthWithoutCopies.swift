/// Storage for ``InMemoryEventStore`` that grows without copying what it holds.
///
/// A Swift array or dictionary that outgrows its capacity copies (or rehashes) every element at
/// once. The in-memory store does that under the lock every request takes, so at a few hundred
/// thousand events each doubling stalled every webhook in flight (p99 of 75-550 ms under `wrk`).
/// These grow in pieces: an array in fixed-size chunks, a dictionary in shards a 64th of its size.

/// An append-only array kept in chunks of 65,536 elements.
struct ChunkedArray<Element> {
    private static var chunkSize: Int { 1 << 16 }
    private var chunks: [[Element]] = []
    private(set) var count = 0

    mutating func append(_ element: Element) {
        if count % Self.chunkSize == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(element)
        count += 1
    }

    subscript(index: Int) -> Element {
        chunks[index / Self.chunkSize][index % Self.chunkSize]
    }

    /// The elements at `range` (0-based), copied out.
    func elements(_ range: ClosedRange<Int>) -> [Element] {
        var out: [Element] = []
        out.reserveCapacity(range.count)
        for index in range { out.append(self[index]) }
        return out
    }
}

/// A dictionary split into 64 by key hash, so a resize rehashes a 64th of the entries.
struct ShardedDictionary<Key: Hashable, Value> {
    private var shards = [[Key: Value]](repeating: [:], count: 64)

    private func shard(_ key: Key) -> Int { key.hashValue & 63 }

    subscript(key: Key) -> Value? {
        get { shards[shard(key)][key] }
        set { shards[shard(key)][key] = newValue }
    }

    subscript(key: Key, default value: @autoclosure () -> Value) -> Value {
        get { shards[shard(key)][key, default: value()] }
        _modify { yield &shards[shard(key)][key, default: value()] }
    }
}
