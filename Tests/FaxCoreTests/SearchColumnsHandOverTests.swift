import Testing
import FaxCore

/// Loading history builds the feed's records on one thread and its search columns on another; the
/// feed takes the columns only when they describe its very records.
@Suite("Search columns built elsewhere")
struct SearchColumnsHandOverTests {
    private func rejection(_ seq: Int64, remote: String) -> Rejection {
        Rejection(seq: seq, receivedAt: 1_792_000_000_000 + seq * 1000, remote: remote, code: 422, reason: "bad")
    }

    private func feed(_ seqs: [Int64]) -> FeedIndex {
        var feed = FeedIndex()
        for seq in seqs { feed.appendWithoutSearchColumns(FeedRecord(rejection(seq, remote: "10.0.0.\(seq)"))) }
        return feed
    }

    private func columns(_ seqs: [Int64]) -> SearchColumnsBuilder {
        var builder = SearchColumnsBuilder()
        for seq in seqs { builder.add(rejection(seq, remote: "10.0.0.\(seq)")) }
        return builder
    }

    @Test("columns of the same records are taken, and filter as columns built with the records do")
    func sameRecords() throws {
        var loaded = feed([1, 2, 7])
        let taken = loaded.adoptSearchColumns(columns([1, 2, 7]))
        #expect(taken)
        var built = FeedIndex()
        for seq in [Int64(1), 2, 7] { built.append(FeedRecord(rejection(seq, remote: "10.0.0.\(seq)"))) }
        for query in ["10.0.0.2", "is:rejected", "422"] {
            loaded.setFilter(try FilterParser.parse(query))
            built.setFilter(try FilterParser.parse(query))
            #expect(loaded.visible == built.visible, "\(query)")
        }
    }

    @Test("columns of other records (a read that saw other deliveries) are refused, and built from the records")
    func otherRecords() throws {
        var loaded = feed([1, 2, 7])
        let fewer = loaded.adoptSearchColumns(columns([1, 2]))
        let others = loaded.adoptSearchColumns(columns([1, 3, 7]))
        #expect(!fewer && !others)
        loaded.buildSearchColumns()
        loaded.setFilter(try FilterParser.parse("10.0.0.7"))
        #expect(loaded.visible == [2])
    }
}
