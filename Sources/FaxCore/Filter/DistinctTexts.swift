/// The distinct values of one text field (event names, phone numbers, unknown statuses), each given a
/// small id in order of first appearance, so a filter term is worked out once per value instead of once
/// per record.
///
/// Values are told apart by their exact UTF-8 bytes, not by `String` equality: `==` on strings is Unicode
/// canonical equivalence ("é" equals "e\u{301}"), while the word search compares bytes. Keyed by bytes,
/// every record that shares an id has the very bytes of `values[id]`, so any answer computed for the
/// value is the record's answer too.
///
/// Every appended record looks up three values, so the table is a ``TextInterner`` (an open-addressing
/// table over a byte array, about three times as fast per lookup as a `Dictionary`, and faster still
/// when a value repeats the previous one), without its size limit.
struct DistinctTexts: Sendable {
    private var table = TextInterner(limit: .max)

    var values: [String] { table.values }
    var count: Int { table.values.count }

    /// The id of `text`, adding it when it is new.
    mutating func id(of text: String) -> UInt32 {
        var key = text  // withUTF8 is mutating; a copy of a native string only retains it
        // Never nil: the table has no limit.
        return UInt32(key.withUTF8 { table.id(of: $0, as: text) }!)
    }

    /// The id of the value with these bytes (valid UTF-8), adding it when it is new.
    mutating func id(ofBytes bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        UInt32(table.id(of: bytes, as: nil)!)
    }
}
