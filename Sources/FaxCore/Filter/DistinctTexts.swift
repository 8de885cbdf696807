/// The distinct values of one text field (event names, phone numbers, unknown statuses), each given a
/// small id in order of first appearance, so a filter term is worked out once per value instead of once
/// per record.
///
/// Values are told apart by their exact UTF-8 bytes, not by `String` equality: `==` on strings is Unicode
/// canonical equivalence ("é" equals "e\u{301}"), while the word search compares bytes. Keyed by bytes,
/// every record that shares an id has the very bytes of `values[id]`, so any answer computed for the
/// value is the record's answer too.
struct DistinctTexts: Sendable {
    private(set) var values: [String] = []
    private var ids: [ExactText: UInt32] = [:]

    var count: Int { values.count }

    /// The id of `text`, adding it when it is new.
    mutating func id(of text: String) -> UInt32 {
        let key = ExactText(text)
        if let id = ids[key] { return id }
        let id = UInt32(values.count)
        values.append(text)
        ids[key] = id
        return id
    }
}

/// A string that hashes and compares by its UTF-8 bytes.
private struct ExactText: Hashable, Sendable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (a: ExactText, b: ExactText) -> Bool {
        var a = a.text, b = b.text  // withUTF8 reads the bytes in place (a UTF8View walk is several times slower)
        return a.withUTF8 { a in b.withUTF8 { b in a.elementsEqual(b) } }
    }

    func hash(into hasher: inout Hasher) {
        var text = text  // withUTF8 is mutating; a copy of a native string only retains it
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
