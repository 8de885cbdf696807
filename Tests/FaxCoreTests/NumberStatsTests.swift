import FaxTestSupport
import Testing
import FaxCore

@Suite("NumberStats")
struct NumberStatsTests {
    @Test("sent counts for the from number, received for the to number")
    func fixtures() throws {
        var stats = NumberStats()
        stats.add(Make.record(seq: 1, try Fixtures.event("fax_sent_first_attempt.json")))
        stats.add(Make.record(seq: 2, try Fixtures.event("fax_received.json")))
        stats.add(Make.record(seq: 3, try Fixtures.event("fax_received_sdk_field_names.json")))

        let office = try #require(stats.rows["12125550147"])
        #expect(office.sent == 1)      // the fax_sent it sent
        #expect(office.received == 2)  // two faxes it received
        #expect(office.pages == 3 + 2 + 1)
        #expect(office.cost == 6)
        #expect(office.successes == 3)
        #expect(office.failures == 0)
        #expect(office.successRate == 1)

        #expect(stats.rows["14155550199"]?.received == 1)
        #expect(stats.rows["14155550199"]?.sent == 0)
        #expect(stats.rows["16465550123"]?.sent == 1)
        #expect(stats.rows["442079460018"]?.sent == 1)
        #expect(stats.rows["442079460018"]?.display == "+44 20 7946 0018")
        #expect(stats.rows.count == 4)
    }

    @Test("different spellings of one number aggregate to one row")
    func spellings() throws {
        var stats = NumberStats()
        stats.add(Make.record(seq: 1, Make.event(hookID: "a", dataID: "a", from: "+1 212-555-0147", to: "+1 415-555-0199")))
        stats.add(Make.record(seq: 2, Make.event(hookID: "b", dataID: "b", from: "12125550147", to: "14155550199")))
        stats.add(Make.record(seq: 3, Make.event(hookID: "c", dataID: "c", event: "fax_received", from: "+1 (415) 555 0199", to: "1-212-555-0147")))
        #expect(stats.rows.count == 2)
        let row = try #require(stats.rows["12125550147"])
        #expect(row.sent == 2)
        #expect(row.received == 1)
        #expect(row.display == "1-212-555-0147")  // the latest spelling
    }

    @Test("failures, successes and the success rate")
    func outcomes() throws {
        var stats = NumberStats()
        for (i, status) in ["success", "failed_user_busy", "insufficient_credit", "partially_sent", "failed_new_thing", "weird"].enumerated() {
            stats.add(Make.record(seq: Int64(i + 1), Make.event(hookID: "h\(i)", dataID: "h\(i)", status: status)))
        }
        let row = try #require(stats.rows["12125550147"])
        #expect(row.sent == 6)
        #expect(row.successes == 1)
        #expect(row.failures == 3)  // user busy, no credit, undocumented failed_*
        #expect(row.successRate == 0.25)
        #expect(stats.rows["14155550199"]?.failures == 3)
    }

    @Test func successRateBeforeAnyFinished() throws {
        var stats = NumberStats()
        stats.add(Make.record(seq: 1, Make.event(hookID: "h", dataID: "h", status: "partially_received")))
        #expect(try #require(stats.rows["12125550147"]).successRate == nil)
    }

    @Test("retries count for both numbers of the fax")
    func retries() throws {
        var stats = NumberStats()
        stats.add(Make.record(seq: 1, try Fixtures.event("fax_sent_first_attempt.json")))
        stats.add(Make.record(seq: 2, try Fixtures.event("fax_sent_retry.json")))
        #expect(stats.rows["12125550147"]?.retries == 1)
        #expect(stats.rows["14155550199"]?.retries == 1)
        #expect(stats.rows["12125550147"]?.failures == 1)
        #expect(stats.rows["12125550147"]?.sent == 2)
    }

    @Test("rejections and missing numbers add no rows; numbers without digits keep their text")
    func oddNumbers() {
        var stats = NumberStats()
        stats.add(Make.rejection(seq: 1))
        #expect(stats.rows.isEmpty)
        stats.add(Make.record(seq: 2, Make.event(hookID: "a", dataID: "a", event: "fax_received", from: " anonymous ", to: nil)))
        #expect(stats.rows.count == 1)
        #expect(stats.rows["anonymous"]?.sent == 1)
        stats.add(Make.record(seq: 3, Make.event(hookID: "b", dataID: "b", from: nil, to: "+1 415-555-0199", cost: 0.5)))
        #expect(stats.rows["14155550199"]?.received == 1)
        #expect(stats.rows["14155550199"]?.cost == 0.5)
        #expect(stats.rows.count == 2)
    }

    @Test("last seen and per-minute activity")
    func activity() throws {
        var stats = NumberStats()
        let minute: Int64 = 60_000
        let t0: Int64 = 29_000_000 * minute
        stats.add(Make.record(seq: 1, Make.event(hookID: "a", dataID: "a"), receivedAt: t0 + 1_000))
        stats.add(Make.record(seq: 2, Make.event(hookID: "b", dataID: "b"), receivedAt: t0 + 59_000))
        stats.add(Make.record(seq: 3, Make.event(hookID: "c", dataID: "c"), receivedAt: t0 + 2 * minute))
        // A late arrival (backfill) counts in its own minute.
        stats.add(Make.record(seq: 4, Make.event(hookID: "d", dataID: "d"), receivedAt: t0 + 30_000))
        let row = try #require(stats.rows["12125550147"])
        #expect(row.lastSeen == t0 + 2 * minute)
        #expect(row.activity.count == NumberStats.activityMinutes)
        #expect(Array(row.activity.suffix(3)) == [3, 0, 1])
        #expect(row.activity.reduce(0, +) == 4)
        let later = row.activity(endingAt: t0 / minute + 4)
        #expect(Array(later.suffix(5)) == [3, 0, 1, 0, 0])
        #expect(row.activity(endingAt: t0 / minute + 1_000).allSatisfy { $0 == 0 })
    }

    @Test func sorting() {
        var stats = NumberStats()
        stats.add(Make.record(seq: 1, Make.event(hookID: "a", dataID: "a", from: "111", to: "222", status: "failed"), receivedAt: 3_000))
        stats.add(Make.record(seq: 2, Make.event(hookID: "b", dataID: "b", from: "111", to: "333"), receivedAt: 1_000))
        stats.add(Make.record(seq: 3, Make.event(hookID: "c", dataID: "c", from: "444", to: "333", status: "failed"), receivedAt: 2_000))
        #expect(stats.sorted(by: .number).map(\.key) == ["111", "222", "333", "444"])
        #expect(stats.sorted(by: .total).map(\.key) == ["111", "333", "222", "444"])
        #expect(stats.sorted(by: .failures).map(\.key) == ["111", "222", "333", "444"])
        #expect(stats.sorted(by: .lastSeen).map(\.key) == ["222", "111", "444", "333"])
    }
}
