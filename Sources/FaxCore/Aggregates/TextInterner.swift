import Foundation

/// Hands out one shared `String` per distinct byte sequence of a column, so that a million rows
/// repeating a few event names, statuses, numbers or addresses allocate a handful of strings, not a
/// million.
///
/// Values are told apart by their bytes (what the store holds), kept in one byte array for comparing
/// without touching the strings. The table is bounded: once `limit` values are held, a new value is
/// only compared with the previous row's, so a column of unique values (file names) costs little.
/// The hash is the standard library's seeded `Hasher`, so stored values cannot be chosen to collide.
public struct TextInterner: Sendable {
    public private(set) var values: [String] = []
    private var bytes: [UInt8] = []
    /// Value `i`'s bytes are `bytes[ends[i]..<ends[i + 1]]`.
    private var ends: [Int] = [0]
    /// `id + 1` of the value hashed to each slot (linear probing), 0 when empty; at most half full.
    private var slots = [UInt32](repeating: 0, count: 64)
    /// The value last found or added, compared before hashing: columns often repeat the previous row.
    private var lastID: Int?
    /// The last value handed out that the table does not hold (small, or the table full), and its bytes.
    private var lastUnheldText = ""
    private var lastUnheldBytes: [UInt8] = []
    public let limit: Int

    public init(limit: Int = 1 << 16) { self.limit = limit }

    /// The string for these UTF-8 bytes (invalid sequences repaired, as `String(decoding:as:)` does).
    public mutating func text(_ key: UnsafeBufferPointer<UInt8>) -> String {
        // Up to 15 bytes a string holds its bytes inline: making it allocates nothing and costs less
        // than looking it up.
        if key.count <= Self.smallStringBytes { return unheld(key) }
        return id(of: key).map { values[$0] } ?? unheld(key)
    }

    static let smallStringBytes = 15

    /// The id of the value with these bytes, adding it while there is room; nil when the table is full
    /// and the value is not in it.
    public mutating func id(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        id(of: key, as: nil)
    }

    /// Like ``id(of:)``; a new value is kept as `text` (whose UTF-8 is `key`) when given, so that a
    /// table of a string's own bytes does not make a second copy of it.
    mutating func id(of key: UnsafeBufferPointer<UInt8>, as text: String?) -> Int? {
        if let lastID, equal(lastID, key) { return lastID }
        let (found, slot) = find(key)
        if let found {
            lastID = found
            return found
        }
        guard values.count < limit else { return nil }
        let id = values.count
        values.append(text ?? String(decoding: key, as: UTF8.self))
        bytes.append(contentsOf: key)
        ends.append(bytes.count)
        slots[slot] = UInt32(id + 1)
        if values.count * 2 > slots.count { grow() }
        lastID = id
        return id
    }

    /// A value the table does not hold: shared with the last such value when the bytes repeat.
    private mutating func unheld(_ key: UnsafeBufferPointer<UInt8>) -> String {
        if TextBytes.equal(lastUnheldBytes, key) { return lastUnheldText }
        lastUnheldText = String(decoding: key, as: UTF8.self)
        lastUnheldBytes.removeAll(keepingCapacity: true)
        lastUnheldBytes.append(contentsOf: key)
        return lastUnheldText
    }

    private func equal(_ id: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = ends[id], end = ends[id + 1]
        guard end - start == key.count else { return false }
        return bytes.withUnsafeBufferPointer { stored in
            key.isEmpty || memcmp(stored.baseAddress! + start, key.baseAddress!, key.count) == 0
        }
    }

    private func find(_ key: UnsafeBufferPointer<UInt8>) -> (id: Int?, slot: Int) {
        let mask = slots.count - 1
        var slot = Self.hash(key) & mask
        while true {
            let stored = slots[slot]
            if stored == 0 { return (nil, slot) }
            if equal(Int(stored - 1), key) { return (Int(stored - 1), slot) }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        slots = [UInt32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        bytes.withUnsafeBufferPointer { all in
            for id in values.indices {
                let value = UnsafeBufferPointer(rebasing: all[ends[id]..<ends[id + 1]])
                var slot = Self.hash(value) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = UInt32(id + 1)
            }
        }
    }

    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        // A copy of a fresh hasher rather than a new one: `Hasher()` is an out-of-line call that
        // fetches the process seed each time, and a million rows hash several values each.
        var hasher = freshHasher
        hasher.combine(bytes: UnsafeRawBufferPointer(key))
        return hasher.finalize()
    }

    private static let freshHasher = Hasher()
}
