import FaxCore
import FaxStore
import FaxTestSupport
import Foundation
import Testing
@testable import FaxTools

/// The poller end to end: a stand-in Fax.Plus API on loopback, the real client, and a real SQLite
/// journal; what is asserted is what the journal (and so the feed and export) holds afterwards.
@Suite(.serialized) struct FaxPlusPollerTests {
    static let now = Int64(Date().timeIntervalSince1970)
    static func time(_ secondsAgo: Int64) -> String { FaxTimestamp.format(now - secondsAgo) }

    struct Run {
        let fake: FakeFaxPlusAPI
        let store: SQLiteEventStore
        let client: FaxPlusClient

        func poller(once: Bool = false, pageSize: Int = 3, interval: Double = 0.1, token: String? = nil,
                    journaled: [String] = []) -> FaxPlusPoller {
            var client = client
            if let token { client.token = token }
            let settings = FaxPlusPoller.Settings(interval: interval, overlap: 600, pageSize: pageSize,
                                                  backfillFrom: FaxPlusPollerTests.now - 3600, once: once,
                                                  backoff: PollBackoff(initial: 0.1, maximum: 0.5))
            let store = store
            return FaxPlusPoller(client: client, settings: settings, journaled: journaled, log: { _ in }) { event, remote in
                _ = try await store.append(event, receivedAt: StoreMaintenance.nowMilliseconds(), remote: remote)
            }
        }

        /// Every event in the journal with its delivery count, in sequence order.
        func events() throws -> [StoredEvent] {
            var events: [StoredEvent] = []
            try store.forEachHistoryEntry { entries in
                for case .event(let event) in entries { events.append(event) }
            }
            return events
        }
    }

    func withRun(_ body: (Run) async throws -> Void) async throws {
        let fake = FakeFaxPlusAPI()
        let store = try SQLiteEventStore.temporary()
        defer { store.close() }
        try await withLoopbackServer({ fake.application(onRunning: $0) }) { port in
            let client = FaxPlusClient(baseURL: URL(string: "http://127.0.0.1:\(port)/v3")!, token: FakeFaxPlusAPI.token)
            try await body(Run(fake: fake, store: store, client: client))
        }
    }

    @Test func aBackfillJournalsEveryListedFaxOnceAcrossPagesOfEqualTimesAndBothSenderSpellings() async throws {
        try await withRun { run in
            for i in 0..<7 { run.fake.add(FakeFaxPlusAPI.fax("in\(i)", start: Self.time(120))) }
            run.fake.add(FakeFaxPlusAPI.fax("sdk", start: Self.time(120), from: "+1 415-555-0199", fromKey: "from_number"))
            run.fake.add(FakeFaxPlusAPI.fax("out1", direction: "outgoing", start: Self.time(90), status: "failed"))
            run.fake.add(FakeFaxPlusAPI.fax("spam1", start: Self.time(60), spam: true))
            let poller = run.poller(once: true)
            await poller.run()
            let events = try run.events()
            #expect(events.map(\.delivery.event.dataID) == (0..<7).map { "in\($0)" } + ["sdk", "out1", "spam1"])
            #expect(events.allSatisfy { $0.deliveryCount == 1 && $0.delivery.remote == FaxPlusPoller.backfillRemote })
            let sdk = try #require(events.first { $0.delivery.event.dataID == "sdk" })
            #expect(sdk.delivery.event.from == "+1 415-555-0199")
            let sent = try #require(events.first { $0.delivery.event.dataID == "out1" })
            #expect(sent.delivery.event.hookEvent == "fax_sent" && sent.delivery.event.status?.raw == "failed")
            #expect(events.filter { $0.delivery.event.hookEvent == "fax_received" }.count == 9)
            // The API's record is kept in the journaled body.
            let raw = try #require(try run.store.rawBody(seq: sdk.delivery.seq))
            #expect(String(decoding: raw, as: UTF8.self).contains(#""api":{"#))
            #expect(String(decoding: raw, as: UTF8.self).contains("shows as a second event"), "the detail says when one fax can show twice")
            #expect(poller.status.account == "Ann Lee · ann@example.com")
            #expect(poller.numbers == ["+12125550147"])
            // inbox: pages of 3, 3, 2; sent: 1; spam: 1.
            #expect(run.fake.listRequests.count == 5)
        }
    }

    @Test func faxesArrivingBetweenPagesAndBetweenPollsAreJournaledOnce() async throws {
        try await withRun { run in
            for i in 0..<5 { run.fake.add(FakeFaxPlusAPI.fax("a\(i)", start: Self.time(100))) }
            run.fake.onList { index, fake in
                if index == 1 { fake.add(FakeFaxPlusAPI.fax("mid-sweep", start: Self.time(1))) }
                if index == 6 { fake.add(FakeFaxPlusAPI.fax("next-poll", start: Self.time(0))) }
            }
            let poller = run.poller()
            let task = Task { await poller.run() }
            defer { task.cancel() }
            try await eventually("both late faxes journaled") {
                try run.events().map(\.delivery.event.dataID).contains("next-poll")
            }
            try await Task.sleep(for: .milliseconds(400))  // a few more polls over the same window
            let ids = try run.events().map(\.delivery.event.dataID)
            #expect(Set(ids) == Set((0..<5).map { "a\($0)" } + ["mid-sweep", "next-poll"]))
            #expect(ids.count == 7, "each once: \(ids)")
            let deliveries = try run.store.totals().deliveries
            #expect(deliveries == 7, "and no repeat deliveries")
        }
    }

    @Test func aFaxWhoseStatusChangesBetweenPollsIsJournaledAgainAsTheNextAttempt() async throws {
        try await withRun { run in
            run.fake.add(FakeFaxPlusAPI.fax("s1", direction: "outgoing", start: Self.time(50), status: "failed",
                                            lastUpdate: Self.time(50)))
            let poller = run.poller()
            let task = Task { await poller.run() }
            defer { task.cancel() }
            try await eventually("first sighting") { try run.events().count == 1 }
            run.fake.update(id: "s1", ["status": "success", "last_update": Self.time(5)])
            try await eventually("the change") { try run.events().count == 2 }
            try await Task.sleep(for: .milliseconds(300))
            let events = try run.events()
            #expect(events.count == 2)
            #expect(events.map { $0.delivery.event.status?.raw } == ["failed", "success"])
            #expect(events.map(\.delivery.attempt) == [1, 2])
            #expect(events[1].delivery.event.hookID == "s1@\(Self.time(5))")
        }
    }

    @Test func aWebhookAndAPollOfTheSameFaxAreOneEventWithTwoDeliveries() async throws {
        try await withRun { run in
            // The webhook first: its first attempt's hook id is the fax id.
            let body = #"{"hook":{"id":"w1","event":"fax_received","event_time":"\#(Self.time(30))"},"data":{"id":"w1","pages":2,"from":"+1 646-555-0123","to":"+1 212-555-0147","status":"success"}}"#
            let webhook = try WebhookDecoder().decode(Array(body.utf8))
            _ = try await run.store.append(webhook, receivedAt: StoreMaintenance.nowMilliseconds(), remote: "34.65.253.117")
            run.fake.add(FakeFaxPlusAPI.fax("w1", start: Self.time(40)))
            // Then the other way round: listed first, the webhook after.
            run.fake.add(FakeFaxPlusAPI.fax("p1", start: Self.time(20)))
            await run.poller(once: true).run()
            let again = try WebhookDecoder().decode(Array(body.replacingOccurrences(of: "w1", with: "p1").utf8))
            let outcome = try await run.store.append(again, receivedAt: StoreMaintenance.nowMilliseconds(), remote: "34.65.253.117")
            let events = try run.events()
            #expect(events.map(\.delivery.event.dataID) == ["w1", "p1"])
            #expect(events.map(\.deliveryCount) == [2, 2])
            #expect(outcome == .duplicate(seq: events[1].delivery.seq, deliveryCount: 2))
            #expect(events[1].delivery.remote == FaxPlusPoller.backfillRemote)
        }
    }

    @Test func aRestartDoesNotJournalTheOverlapAgain() async throws {
        try await withRun { run in
            run.fake.add(FakeFaxPlusAPI.fax("r1", start: Self.time(30)))
            await run.poller(once: true).run()
            let key = FaxSightings.journalKey(id: "r1", event: "fax_received", status: "success")
            await run.poller(once: true, journaled: [key]).run()
            let deliveries = try run.store.totals().deliveries
            #expect(deliveries == 1)
        }
    }

    @Test func a429IsWaitedOutAsRetryAfterSaysAndTheHeaderSaysSo() async throws {
        try await withRun { run in
            run.fake.add(FakeFaxPlusAPI.fax("late", start: Self.time(10)))
            run.fake.queue(.init(status: 429, headers: ["Retry-After": "1"], body: #"{"error":"rate_limited"}"#))
            let poller = run.poller()
            let started = Date()
            let task = Task { await poller.run() }
            defer { task.cancel() }
            try await eventually("backing off") {
                if case .backingOff = poller.status.phase { return true }
                return false
            }
            #expect(poller.status.line.contains("backing off until"))
            #expect(poller.status.line.contains("rate limited (429), Retry-After 1"))
            #expect(poller.status.isWarning)
            try await eventually("journaled after the wait") { try run.events().count == 1 }
            #expect(Date().timeIntervalSince(started) >= 1, "not before Retry-After")
            try await eventually("polling again") {
                if case .waiting = poller.status.phase { return true }
                return false
            }
        }
    }

    @Test func a401StopsThePollerWithOneClearLine() async throws {
        try await withRun { run in
            let poller = run.poller(token: "revoked")
            await poller.run()  // returns by itself: a token does not fix itself
            #expect(poller.status.line.contains("POLLING STOPPED: Fax.Plus refused the token (401 Unauthorized): invalid_token: The access token is invalid"))
            #expect(poller.status.line.contains("--api-token-file"))
            #expect(poller.status.account == nil)
            // The account, then the first poll's outbox: refused, and nothing asked after that.
            #expect(run.fake.paths == ["/v3/accounts/self", "/v3/accounts/self/outbox"])
        }
    }

    @Test func serverErrorsAndAMalformedPageAreRetriedAndNothingOfAHalfReadPageIsJournaled() async throws {
        try await withRun { run in
            for i in 0..<5 { run.fake.add(FakeFaxPlusAPI.fax("m\(i)", start: Self.time(40))) }
            run.fake.onList { index, fake in
                // The second page comes cut off, then the API fails twice.
                if index == 1 {
                    fake.queue(.init(status: 200, body: #"{"data":{"records":[{"id":"m3","from":"+1"#),
                               .init(status: 503, body: "upstream down"), .init(status: 500, body: "{}"))
                }
            }
            let poller = run.poller()
            let task = Task { await poller.run() }
            defer { task.cancel() }
            try await eventually("backing off on the cut-off page") { poller.status.line.contains("unexpected answer") }
            #expect(try run.events().map(\.delivery.event.dataID) == ["m0", "m1", "m2"], "the first, whole page only")
            try await eventually("all five once the API recovers") { try run.events().count == 5 }
            try await Task.sleep(for: .milliseconds(300))
            let deliveries = try run.store.totals().deliveries
            #expect(deliveries == 5, "the retried pages repeat nothing")
            // What came after the failures is marked as backfilled.
            let marks = try run.events().map(\.delivery.remote)
            #expect(marks == Array(repeating: FaxPlusPoller.backfillRemote, count: 5))
        }
    }

    @Test func theOutboxIsListedEachPollAndAnEntryGoesWhenTheOutboxNoLongerListsIt() async throws {
        try await withRun { run in
            run.fake.setOutbox([["id": "o1", "to": ["+1 212-555-0147"], "page_count": 3, "status": "sending",
                                 "submit_time": Self.time(200), "last_updated_status_time": Self.time(100),
                                 "status_changes": [["at": Self.time(100), "status": "sending"]],
                                 "retry": ["count": 0, "delay": 0]]])
            let poller = run.poller()
            let task = Task { await poller.run() }
            defer { task.cancel() }
            try await eventually("the outbox listed") { !poller.outbox.isEmpty }
            #expect(poller.outbox == [FaxPlusOutboxEntry(id: "o1", to: ["+1 212-555-0147"], pages: 3, status: "sending",
                                                         statusSince: Self.time(100))])
            run.fake.setOutbox([])
            try await eventually("the entry gone") { poller.outbox.isEmpty }
        }
    }
}
