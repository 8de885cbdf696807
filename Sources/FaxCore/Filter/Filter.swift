/// A parsed filter query (ARCHITECTURE.md, "Filter language"): space-separated terms that must all hold; `!term` negates one.
public struct Filter: Sendable, Equatable {
    public enum Predicate: Sendable, Equatable {
        /// `event:sent`, `event:received`, `event:fax_page_received`, `event:other`.
        case event(EventMatch)
        /// Digits contained in the from or to number.
        case number(String)
        case from(String)
        case to(String)
        /// Status prefix, lowercased (`failed` also matches `failed_*`).
        case status(StatusPrefix)
        /// Prefix of the hook id or the data id.
        case id(String)
        case isRetry
        case isDuplicate
        case isRejected
        /// Any other word: ids, numbers, file name, status, rejection reason (ASCII case-insensitive).
        case word(String)
    }

    public enum EventMatch: Sendable, Equatable {
        case sent, received, other
        case named(String)

        /// Whether an accepted event's `hook.event` is this one. Also asked once per distinct name by the
        /// search columns, so both ways agree.
        func matches(_ hookEvent: String) -> Bool {
            switch self {
            case .sent: return hookEvent == "fax_sent"
            case .received: return hookEvent == "fax_received"
            case .other: return hookEvent != "fax_sent" && hookEvent != "fax_received"
            case .named(let name): return hookEvent == name
            }
        }
    }

    /// A status prefix with the documented statuses it matches worked out once, so matching a record
    /// is a bit test rather than a string comparison.
    public struct StatusPrefix: Sendable, Equatable {
        public let prefix: String
        let documentedMask: UInt32

        public init(_ prefix: String) {
            self.prefix = prefix
            var mask: UInt32 = 0
            for (i, entry) in FaxStatus.documented.enumerated() where entry.raw.hasPrefix(prefix) { mask |= 1 << UInt32(i) }
            documentedMask = mask
        }

        func matches(_ status: FaxStatus?) -> Bool {
            guard let status else { return false }
            if let index = status.documentedIndex { return documentedMask & (1 << UInt32(index)) != 0 }
            return status.raw.hasPrefix(prefix)
        }
    }

    public struct Term: Sendable, Equatable {
        public var predicate: Predicate
        public var negated: Bool
    }

    public var terms: [Term]
    /// The query as typed, for showing in the filter bar.
    public var query: String

    public static let all = Filter(terms: [], query: "")

    public var isEmpty: Bool { terms.isEmpty }

    public func matches(_ record: borrowing FeedRecord) -> Bool {
        for term in terms where Self.holds(term.predicate, record) == term.negated { return false }
        return true
    }

    static func holds(_ predicate: Predicate, _ r: borrowing FeedRecord) -> Bool {
        switch predicate {
        case .event(let match):
            guard !r.isRejection else { return false }
            return match.matches(r.hookEvent)
        case .number(let digits):
            return DigitSearch.contains(r.from, digits) || DigitSearch.contains(r.to, digits)
        case .from(let digits): return DigitSearch.contains(r.from, digits)
        case .to(let digits): return DigitSearch.contains(r.to, digits)
        case .status(let prefix): return prefix.matches(r.status)
        case .id(let prefix): return !r.hookID.isEmpty && (r.hookID.hasPrefix(prefix) || r.dataID.hasPrefix(prefix))
        case .isRetry: return r.isRetry
        case .isDuplicate: return r.isDuplicate
        case .isRejected: return r.isRejection
        case .word(let word): return matchesWord(word, r)
        }
    }

    private static func matchesWord(_ word: String, _ r: borrowing FeedRecord) -> Bool {
        if let rejection = r.rejection {
            return CaseInsensitive.contains(rejection.reason, word) || CaseInsensitive.contains(String(rejection.code), word)
                || CaseInsensitive.contains(r.remote, word)
        }
        return CaseInsensitive.contains(r.hookID, word)
            || (r.dataID != r.hookID && CaseInsensitive.contains(r.dataID, word))
            || wordMatchesNumber(word, r.from) || wordMatchesNumber(word, r.to)
            || CaseInsensitive.contains(r.fileName, word)
            || CaseInsensitive.contains(r.status?.raw ?? "", word)
            || CaseInsensitive.contains(r.hookEvent, word)
    }

    /// A word matches a number as written, or (when it is all digits) the number's digits. Also asked once
    /// per distinct number by the search columns, so both ways agree.
    static func wordMatchesNumber(_ word: String, _ number: String) -> Bool {
        if CaseInsensitive.contains(number, word) { return true }
        return word.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && DigitSearch.contains(number, word)
    }
}

/// ASCII case-insensitive substring search over UTF-8, fast enough to run over a million records.
enum CaseInsensitive {
    /// `needle` must already be lowercased.
    static func contains(_ haystack: String, _ needle: String) -> Bool {
        if needle.isEmpty { return true }
        // Native strings are contiguous: read their bytes in place, without copying the string.
        guard let found = haystack.utf8.withContiguousStorageIfAvailable({ h in
            needle.utf8.withContiguousStorageIfAvailable { n in search(h, n) } ?? search(h, Array(needle.utf8))
        }) else {
            return Array(haystack.utf8).withUnsafeBufferPointer { h in search(h, Array(needle.utf8)) }
        }
        return found
    }

    private static func search(_ h: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        needle.withUnsafeBufferPointer { search(h, $0) }
    }

    static func search(_ h: UnsafeBufferPointer<UInt8>, _ n: UnsafeBufferPointer<UInt8>) -> Bool {
        guard n.count <= h.count else { return false }
        let first = n[0]
        var i = 0
        let last = h.count - n.count
        while i <= last {
            if lower(h[i]) == first {
                var j = 1
                while j < n.count, lower(h[i + j]) == n[j] { j += 1 }
                if j == n.count { return true }
            }
            i += 1
        }
        return false
    }

    @inline(__always) static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}

/// Whether the digits of a number, read with its spaces, dashes and `+` left out, contain `needle`
/// (all digits). No allocation: the digits are gathered on the stack.
enum DigitSearch {
    static func contains(_ number: String, _ needle: String) -> Bool {
        if needle.isEmpty { return true }
        var number = number, needle = needle
        return number.withUTF8 { text in
            needle.withUTF8 { n in
                guard n.count <= text.count, n.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
                // Most queries are a run of digits that the number also spells without a separator
                // inside it: find that directly, and gather the digits only when it is not there.
                if CaseInsensitive.search(text, n) { return true }
                return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: text.count) { digits in
                    var count = 0
                    for byte in text where byte >= 0x30 && byte <= 0x39 {
                        digits[count] = byte
                        count += 1
                    }
                    guard n.count <= count else { return false }
                    var i = 0
                    while i + n.count <= count {
                        var j = 0
                        while j < n.count, digits[i + j] == n[j] { j += 1 }
                        if j == n.count { return true }
                        i += 1
                    }
                    return false
                }
            }
        }
    }
}
