import FaxCore
import Testing
@testable import FaxTools

/// The sweep against an in-test list that behaves as the API does (oldest first, offset and limit).
struct FaxListSweepTests {
    /// Answers a query from `faxes` (already in the API's order) for one category.
    static func page(_ faxes: [FaxPlusFax], _ query: FaxListQuery) -> [FaxPlusFax] {
        Array(faxes.dropFirst(query.offset).prefix(query.limit))
    }

    @Test func manyFaxesSharingOneStartTimeAcrossPageEdgesAreEachTakenOnce() {
        // 25 faxes, 12 of them at the same second, straddling the edges of pages of 5.
        let faxes = (0..<25).map { i in
            FaxPlusFax(id: "f\(i)", startTime: i < 6 ? "2026-12-01 10:00:0\(i)" : (i < 18 ? "2026-12-01 10:01:00" : "2026-12-01 10:02:\(i)"))
        }
        var sweep = FaxListSweep(after: "2026-12-01 09:50:00", before: "2026-12-01 11:00:00", pageSize: 5, categories: ["inbox"])
        var taken: [String] = []
        while let query = sweep.nextQuery { taken += sweep.take(Self.page(faxes, query)).map(\.id) }
        #expect(taken == faxes.map(\.id))
        #expect(sweep.pagesRead == 6)  // 5 full pages and the empty one that says the list ended
    }

    @Test func aFaxListedLateUnderAnEarlierTimeShiftsTheListAndIsNotRepeated() {
        var faxes = (0..<10).map { FaxPlusFax(id: "f\($0)", startTime: "2026-12-01 10:00:0\($0)") }
        var sweep = FaxListSweep(after: "2026-12-01 09:50:00", before: "2026-12-01 11:00:00", pageSize: 4, categories: ["inbox"])
        var taken: [String] = []
        var pages = 0
        while let query = sweep.nextQuery {
            taken += sweep.take(Self.page(faxes, query)).map(\.id)
            pages += 1
            // Between the first and second page a fax appears at the front, shifting every offset by one.
            if pages == 1 { faxes.insert(FaxPlusFax(id: "late", startTime: "2026-12-01 09:59:59"), at: 0) }
            // And one arrives at the end, as new faxes do.
            if pages == 2 { faxes.append(FaxPlusFax(id: "new", startTime: "2026-12-01 10:00:30")) }
        }
        #expect(taken.count == Set(taken).count, "nothing taken twice: \(taken)")
        #expect(Set(taken).isSuperset(of: (0..<10).map { "f\($0)" }), "nothing of the window lost: \(taken)")
        #expect(taken.contains("new"))
    }

    @Test func everyCategoryIsReadUntilItsShortPageWithTheSameFixedWindow() {
        var sweep = FaxListSweep(after: "a", before: "b", pageSize: 2)
        var asked: [FaxListQuery] = []
        let full = [FaxPlusFax(id: "1"), FaxPlusFax(id: "2")]
        while let query = sweep.nextQuery {
            asked.append(query)
            sweep.take(query.category == "sent" && query.offset == 0 ? full : [])
        }
        #expect(asked.map(\.category) == ["inbox", "sent", "sent", "spam"])
        #expect(asked.map(\.offset) == [0, 0, 2, 0])
        #expect(asked.allSatisfy { $0.after == "a" && $0.before == "b" && $0.limit == 2 })
        #expect(asked[0].queryItems.map { "\($0.name)=\($0.value ?? "")" }.contains("order=asc"))
    }

    @Test func sightingsJournalANewFaxOnceAndAgainOnlyWhenItsStatusOrLastUpdateChanges() {
        var sightings = FaxSightings()
        sightings.remember(journaled: FaxSightings.journalKey(id: "old", event: "fax_received", status: "success"))
        let old = FaxPlusFax(id: "old", status: "success", lastUpdate: "2026-12-01 10:00:00")
        #expect(sightings.news(old, event: "fax_received") == nil, "already in the journal at start")
        var fax = FaxPlusFax(id: "f1", status: "sending", lastUpdate: "2026-12-01 10:00:00")
        #expect(sightings.news(fax, event: "fax_sent") == .new)
        sightings.record(fax)
        #expect(sightings.news(fax, event: "fax_sent") == nil)
        fax.status = "success"
        fax.lastUpdate = "2026-12-01 10:03:00"
        #expect(sightings.news(fax, event: "fax_sent") == .changed)
    }

    @Test func sightingsForgetFaxesNoWindowReachesAnyMore() {
        var sightings = FaxSightings()
        let old = FaxPlusFax(id: "old", status: "success", startTime: "2026-12-01 09:00:00")
        let recent = FaxPlusFax(id: "recent", status: "success", startTime: "2026-12-01 10:00:00")
        let undated = FaxPlusFax(id: "undated", status: "success")
        [old, recent, undated].forEach { sightings.record($0) }
        sightings.forget(startedBefore: FaxTimestamp.parse("2026-12-01 09:30:00")!)
        #expect(sightings.count == 2)
        #expect(sightings.news(recent, event: "fax_received") == nil, "still remembered")
        #expect(sightings.news(undated, event: "fax_received") == nil, "kept when its time cannot be read")
        #expect(sightings.news(old, event: "fax_received") == .new, "forgotten")
    }

    @Test func retryAfterIsHonouredAndFailuresDoubleUpToTheMaximum() {
        var backoff = PollBackoff(initial: 5, maximum: 60)
        #expect(backoff.next() == 5)
        #expect(backoff.next() == 10)
        #expect(backoff.next() == 20)
        #expect(backoff.next() == 40)
        #expect(backoff.next() == 60, "doubling stops at the maximum")
        #expect(backoff.next(retryAfter: 120) == 120, "Retry-After wins over the maximum")
        backoff.reset()
        #expect(backoff.next(retryAfter: 30) == 30)
        #expect(backoff.next(retryAfter: 1) == 10, "and the doubling over a short Retry-After")
        #expect(PollBackoff.seconds(retryAfter: "7", now: .now) == 7)
        #expect(PollBackoff.seconds(retryAfter: "soon", now: .now) == nil)
    }
}
