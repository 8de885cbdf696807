import FaxCore
import FaxDashboard
import Testing

/// What `watch --poll` adds to the screen: the poller's line in the header, the faxes in flight under
/// the feed, the account's own numbers in Numbers.
@Suite struct PollingScreenTests {
    static let now = Deliveries.baseTime / 1000 + 60

    @Test func theHeaderNamesTheAccountAndThePollersState() throws {
        var dashboard = try Dashboard.make()
        dashboard.info.api = "API Ann Lee · polled 11:07:00 · next 11:08:00"
        #expect(dashboard.screen()[0].contains("API Ann Lee · polled 11:07:00 · next 11:08:00"))
        dashboard.info.api = "API Ann Lee · POLLING STOPPED: Fax.Plus refused the token (401 Unauthorized)"
        dashboard.info.apiIsWarning = true
        #expect(dashboard.screen(cols: 100)[0].contains("POLLING STOPPED"), "before the allowlist and store, so a narrow screen shows it")
    }

    @Test func faxesInFlightShowUnderTheFeedAndResolveWhenTheirFaxSentArrives() throws {
        var dashboard = try Dashboard.make()
        dashboard.info.inFlight = [
            InFlightFax(id: "out-1", to: "+1 415-555-0100", pages: 3, status: "sending", since: Self.now - 150),
            InFlightFax(id: "6710c80f5d2e4a9b1c3f7e60", to: "+1 212-555-0147", pages: 2, status: "converting", since: nil),
        ]
        var lines = dashboard.screen()
        #expect(lines.contains(text: "in flight 2"))
        let first = try #require(lines.line(containing: "out-1  to"))
        #expect(first.contains("to +1 415-555-0100  3 pg  sending for 2m"))
        // The second's id is a received fax in the feed, not a sent one: still in flight.
        #expect(lines.line(containing: "to +1 212-555-0147  2 pg")?.contains("converting") == true)
        // Its fax_sent arrives (by webhook or poll): the entry says so until the outbox drops it.
        dashboard.apply([try Deliveries.accepted(6, hookID: "out-1", status: "success")])
        lines = dashboard.screen()
        #expect(lines.line(containing: "out-1  to")?.contains("sent: success") == true)
        dashboard.info.inFlight = []
        lines = dashboard.screen()
        #expect(!lines.contains(text: "in flight"))
        #expect(!lines.contains(text: "out-1  to"))
    }

    @Test func theNewestFeedRowStaysInViewAboveTheSection() throws {
        let many = try (1...60).map { try Deliveries.accepted(Int64($0), hookID: "h\($0)") }
        var dashboard = try Dashboard.make(many)
        dashboard.info.inFlight = (1...6).map { InFlightFax(id: "o\($0)", to: "+1", pages: 1, status: "sending", since: nil) }
        let lines = dashboard.screen()
        #expect(lines.contains(text: "h60"), "following, the newest row is not hidden under the section")
        #expect(lines.contains(text: "in flight 6 (+2 more)"))
    }

    @Test func theAccountsOwnNumbersAreListedBeforeAnyTraffic() throws {
        var dashboard = try Dashboard.make([])
        dashboard.info.accountNumbers = ["+1 212-555-0199", "+12125550199", "+1 415-555-0199"]
        dashboard.press("\t")
        var lines = dashboard.screen()
        #expect(lines.contains(text: "Numbers 2"), "one row per number however it is spelled")
        #expect(lines.line(containing: "+1 212-555-0199")?.contains("never") == true)
        // Once traffic names one, its row is the traffic's, not a second one.
        dashboard.apply(try Deliveries.sample())
        lines = dashboard.screen()
        #expect(lines.contains(text: "Numbers 4"), "the sample's three numbers and the quiet one")
        #expect(!lines.contains { $0.contains("415-555-0199") && $0.contains("never") })
        #expect(lines.line(containing: "+1 212-555-0199")?.contains("never") == true)
    }
}
