import Foundation

/// A filter worked out against the search columns' tables of distinct values, ready for ``ColumnScan``.
///
/// A term about a field with few distinct values (event name, status, number) is answered once per value
/// with the same functions `Filter.holds` uses, so a record costs one table lookup. Terms are ordered
/// cheapest first: once a block has no candidates left, the costly word searches are skipped.
struct CompiledFilter: Sendable {
    enum Test: Sendable {
        /// The record has this flag (`is:retry`, `is:dup`, `is:rejected`).
        case flag(FeedSearchColumns.Flags)
        /// By event id; never a rejection.
        case event([Bool])
        /// By status id.
        case status([Bool])
        /// By number id, of `from`, `to` or either (nil: that side is not asked).
        case numbers(from: [Bool]?, to: [Bool]?)
        /// `id:` with an ASCII prefix holding no separator byte, lowercased like the text. A find is
        /// confirmed with the record when case could matter (`confirm`: the prefix has upper case).
        case idPrefix(lowered: [UInt8], confirm: Bool)
        /// `id:` with a prefix that is not ASCII. An ASCII id can only start with it when the id's first
        /// character equals the prefix's, canonically (U+212A KELVIN SIGN equals "K"): ids in the text that
        /// start with one of `firstBytes` (lowercased) are asked, like ids the text does not hold.
        case idPrefixNotASCII(firstBytes: [Bool])
        /// A word without separator bytes: searched in the text; for accepted records also by number,
        /// status and event id (nil: no value of that table matches).
        case word([UInt8], numbers: [Bool]?, statuses: [Bool]?, events: [Bool]?)
        /// Anything else (a hand-built predicate the parser never makes): asked of every record.
        case reference
    }

    struct Term: Sendable {
        let predicate: Filter.Predicate
        let test: Test
        let negated: Bool
    }

    let filter: Filter
    let terms: [Term]

    init(_ filter: Filter, columns: FeedSearchColumns) {
        self.filter = filter
        let terms = filter.terms.map { term in
            Term(predicate: term.predicate, test: Self.test(for: term.predicate, columns), negated: term.negated)
        }
        self.terms = terms.enumerated().sorted { a, b in
            (Self.cost(a.element.test), a.offset) < (Self.cost(b.element.test), b.offset)
        }.map(\.element)
    }

    private static func cost(_ test: Test) -> Int {
        switch test {
        case .flag: return 0
        case .event, .status: return 1
        case .numbers: return 2
        case .idPrefix, .idPrefixNotASCII: return 3
        case .word: return 4
        case .reference: return 5
        }
    }

    private static func test(for predicate: Filter.Predicate, _ columns: FeedSearchColumns) -> Test {
        let numbers = columns.numbers.values, events = columns.events.values
        switch predicate {
        case .event(let match): return .event(answers(events.count) { match.matches(events[$0]) })
        case .number(let digits):
            let hits = answers(numbers.count) { DigitSearch.contains(numbers[$0], digits) }
            return .numbers(from: hits, to: hits)
        case .from(let digits): return .numbers(from: answers(numbers.count) { DigitSearch.contains(numbers[$0], digits) }, to: nil)
        case .to(let digits): return .numbers(from: nil, to: answers(numbers.count) { DigitSearch.contains(numbers[$0], digits) })
        case .status(let prefix): return .status(answers(columns.statusCount) { prefix.matches(columns.status(id: $0)) })
        case .id(let prefix): return idTest(prefix)
        case .isRetry: return .flag(.retry)
        case .isDuplicate: return .flag(.duplicate)
        case .isRejected: return .flag(.rejected)
        case .word(let word):
            let bytes = Array(word.utf8)
            guard !bytes.isEmpty, !bytes.contains(FeedSearchColumns.separator) else { return .reference }
            let statusHits = answers(columns.statusCount) { CaseInsensitive.contains(columns.status(id: $0)?.raw ?? "", word) }
            let eventHits = answers(events.count) { CaseInsensitive.contains(events[$0], word) }
            let numberHits = answers(numbers.count) { Filter.wordMatchesNumber(word, numbers[$0]) }
            return .word(bytes, numbers: anyTrue(numberHits), statuses: anyTrue(statusHits), events: anyTrue(eventHits))
        }
    }

    private static func idTest(_ prefix: String) -> Test {
        guard let first = prefix.first else { return .reference }
        let bytes = Array(prefix.utf8)
        if bytes.allSatisfy({ $0 != FeedSearchColumns.separator && $0 < 0x80 }) {
            let upper = bytes.contains { $0 >= 0x41 && $0 <= 0x5A }
            return .idPrefix(lowered: bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, confirm: upper)
        }
        var firstBytes = [Bool](repeating: false, count: 128)
        for byte in UInt8(1)..<0x80 where Character(Unicode.Scalar(byte)) == first {
            firstBytes[Int(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)] = true
        }
        return .idPrefixNotASCII(firstBytes: firstBytes)
    }

    private static func anyTrue(_ answers: [Bool]) -> [Bool]? { answers.contains(true) ? answers : nil }

    /// One answer per table entry; split across the cores when the table is large (a feed where most
    /// faxes come from a different number has nearly as many numbers as records, and event names and
    /// unknown statuses come from the network too).
    private static func answers(_ count: Int, _ answer: @Sendable (Int) -> Bool) -> [Bool] {
        guard count > 20_000 else { return (0..<count).map(answer) }
        let parts = ProcessInfo.processInfo.activeProcessorCount * 2
        return [Bool](unsafeUninitializedCapacity: count) { buffer, initialized in
            let output = AnswerOutput(buffer: buffer)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                for i in part * count / parts..<(part + 1) * count / parts { output.buffer[i] = answer(i) }
            }
            initialized = count
        }
    }
}

/// Table answers being written by several workers, each to its own range.
private struct AnswerOutput: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Bool>
}
