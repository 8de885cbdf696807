/// The distinct values of one text field (event names, phone numbers, unknown statuses), each given a
/// small id in order of first appearance, so a filter term is worked out once per value instead of once
/// per record.
///
/// Values are told apart by their exact UTF-8 bytes, not by `String` equality: `==` on strings is Unicode
/// canonical equivalence ("é" equals "e\u{301}"), while the word search compares bytes. Keyed by bytes,
/// every record that shares an id has the very bytes of `values[id]`, so any answer computed for the
/// value is the record's answer too.
///
/// Every appended record looks up three values, so this is a small open-addressing table of ids rather
/// than a `Dictionary` (which took about three times as long per lookup): the hash is still the
/// standard library's randomly seeded `Hasher`, so values sent from the network cannot be chosen to
/// collide.
struct DistinctTexts: Sendable {
    private(set) var values: [String] = []
    /// `id + 1` of the value hashed to each slot (linear probing), 0 for an empty slot; at most half full.
    private var slots = [UInt32](repeating: 0, count: 16)

    var count: Int { values.count }

    /// The id of `text`, adding it when it is new.
    mutating func id(of text: String) -> UInt32 {
        var key = text  // withUTF8 is mutating; a copy of a native string only retains it
        let (found, slot) = key.withUTF8 { find($0) }
        if let found { return found }
        let id = UInt32(values.count)
        values.append(text)
        slots[slot] = id + 1
        if values.count * 2 > slots.count { grow() }
        return id
    }

    /// The id of the value with these bytes, or the empty slot where it belongs.
    private func find(_ key: UnsafeBufferPointer<UInt8>) -> (id: UInt32?, slot: Int) {
        let mask = slots.count - 1
        var slot = Self.hash(key) & mask
        while true {
            let stored = slots[slot]
            if stored == 0 { return (nil, slot) }
            if Self.bytes(of: values[Int(stored - 1)], equal: key) { return (stored - 1, slot) }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        slots = [UInt32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (id, value) in values.enumerated() {
            var value = value
            var slot = value.withUTF8 { Self.hash($0) } & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = UInt32(id + 1)
        }
    }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        return hasher.finalize()
    }

    private static func bytes(of value: String, equal key: UnsafeBufferPointer<UInt8>) -> Bool {
        var value = value
        return value.withUTF8 { stored in
            stored.count == key.count && stored.elementsEqual(key)
        }
    }
}
