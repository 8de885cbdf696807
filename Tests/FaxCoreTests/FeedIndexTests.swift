import FaxTestSupport
import Testing
import FaxCore

@Suite("FeedIndex")
struct FeedIndexTests {
    private func visibleSeqs(_ index: FeedIndex) -> [Int64] {
        (0..<index.visible.count).map { index.visibleRecord($0).seq }
    }

    @Test("with no filter every appended record is visible, in arrival order")
    func appendUnfiltered() throws {
        var index = FeedIndex()
        index.append(Make.record(seq: 1, try Fixtures.event("fax_sent_first_attempt.json")))
        index.append(Make.rejection(seq: 2))
        index.append(Make.record(seq: 5, try Fixtures.event("fax_received.json")))
        #expect(index.count == 3)
        #expect(index.visible == [0, 1, 2])
        #expect(visibleSeqs(index) == [1, 2, 5])
        #expect(index.filter == .all)
    }

    @Test("append keeps the filtered view in sync")
    func appendFiltered() throws {
        var index = FeedIndex()
        index.setFilter(try FilterParser.parse("event:sent"))
        index.append(Make.record(seq: 1, try Fixtures.event("fax_sent_first_attempt.json")))
        index.append(Make.record(seq: 2, try Fixtures.event("fax_received.json")))
        index.append(Make.rejection(seq: 3))
        index.append(Make.record(seq: 4, try Fixtures.event("fax_sent_retry.json")))
        #expect(index.count == 4)
        #expect(index.visible == [0, 3])
        #expect(visibleSeqs(index) == [1, 4])
    }

    @Test("setFilter recomputes the view; an empty filter shows everything again")
    func setFilter() throws {
        var index = FeedIndex()
        index.append(Make.record(seq: 1, try Fixtures.event("fax_sent_first_attempt.json")))
        index.append(Make.record(seq: 2, try Fixtures.event("fax_sent_retry.json")))
        index.append(Make.record(seq: 3, try Fixtures.event("fax_received.json")))
        index.append(Make.rejection(seq: 4))
        index.setFilter(try FilterParser.parse("is:retry"))
        #expect(visibleSeqs(index) == [2])
        index.setFilter(try FilterParser.parse("!event:sent"))
        #expect(visibleSeqs(index) == [3, 4])
        #expect(index.filter.query == "!event:sent")
        index.setFilter(try FilterParser.parse("nothing-matches-this"))
        #expect(index.visible.isEmpty)
        index.setFilter(.all)
        #expect(visibleSeqs(index) == [1, 2, 3, 4])
    }

    @Test("index(ofSeq:) finds records across gaps in the sequence")
    func indexOfSeq() {
        var index = FeedIndex()
        for seq: Int64 in [3, 4, 9, 10, 42] {
            index.append(Make.record(seq: seq, Make.event(hookID: "h\(seq)", dataID: "h\(seq)")))
        }
        #expect(index.index(ofSeq: 3) == 0)
        #expect(index.index(ofSeq: 9) == 2)
        #expect(index.index(ofSeq: 42) == 4)
        #expect(index.index(ofSeq: 5) == nil)
        #expect(index.index(ofSeq: 1) == nil)
        #expect(index.index(ofSeq: 43) == nil)
        #expect(FeedIndex().index(ofSeq: 1) == nil)
    }

    @Test("update(at:) that makes a record match inserts it at its place in the view")
    func updateMakesVisible() throws {
        var index = FeedIndex()
        index.setFilter(try FilterParser.parse("is:dup"))
        for seq: Int64 in 1...6 {
            index.append(Make.record(seq: seq, Make.event(hookID: "h\(seq)", dataID: "h\(seq)"), deliveryCount: seq == 4 ? 2 : 1))
        }
        #expect(visibleSeqs(index) == [4])

        let position = try #require(index.index(ofSeq: 2))
        index.update(at: position) { $0.deliveryCount += 1 }
        #expect(visibleSeqs(index) == [2, 4])
        index.update(at: 5) { $0.deliveryCount = 3 }
        #expect(visibleSeqs(index) == [2, 4, 6])
        index.update(at: 0) { $0.deliveryCount = 2 }
        #expect(visibleSeqs(index) == [1, 2, 4, 6])
        index.update(at: 4) { $0.deliveryCount = 2 }
        #expect(visibleSeqs(index) == [1, 2, 4, 5, 6])
        #expect(index.records[4].deliveryCount == 2)

        // Still matching after another change: nothing moves, nothing doubles.
        index.update(at: 3) { $0.deliveryCount = 9 }
        #expect(visibleSeqs(index) == [1, 2, 4, 5, 6])
    }

    @Test("update(at:) that makes a record stop matching removes it from the view")
    func updateMakesInvisible() throws {
        var index = FeedIndex()
        index.setFilter(try FilterParser.parse("!is:dup"))
        for seq: Int64 in 1...4 { index.append(Make.record(seq: seq, Make.event(hookID: "h\(seq)", dataID: "h\(seq)"))) }
        index.update(at: 2) { $0.deliveryCount = 2 }
        #expect(visibleSeqs(index) == [1, 2, 4])
        index.update(at: 0) { $0.deliveryCount = 2 }
        #expect(visibleSeqs(index) == [2, 4])
        // Changes that do not affect the filter leave the view alone.
        index.update(at: 1) { $0.fileName = "renamed" }
        #expect(visibleSeqs(index) == [2, 4])
        #expect(index.records[1].fileName == "renamed")
    }

    @Test("the view after updates equals a fresh setFilter over the same records")
    func updatesAgreeWithRecompute() throws {
        var index = FeedIndex()
        index.setFilter(try FilterParser.parse("is:dup"))
        for seq: Int64 in 1...50 { index.append(Make.record(seq: seq, Make.event(hookID: "h\(seq)", dataID: "h\(seq)"))) }
        for i in [7, 3, 49, 0, 22, 23, 8, 3, 40] { index.update(at: i) { $0.deliveryCount += 1 } }
        let incremental = index.visible
        index.setFilter(index.filter)
        #expect(incremental == index.visible)
        #expect(incremental == [0, 3, 7, 8, 22, 23, 40, 49])
    }
}
