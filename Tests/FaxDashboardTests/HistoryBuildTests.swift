import Foundation
import FaxCore
@testable import FaxDashboard
import FaxStore
import Testing

/// Loading history on two threads (`HistoryBuild`) must give exactly the model that applying the same
/// deliveries one by one in sequence order gives: feed, search columns, numbers, chains, totals.
@Suite struct HistoryBuildTests {
    /// A SQLite store in a temporary directory, removed when the test ends.
    final class StoredHistory {
        let directory: URL
        let store: SQLiteEventStore

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-history-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            store = try SQLiteEventStore(path: directory.appendingPathComponent("events.sqlite").path,
                                         options: .init(synchronous: .normal))
        }

        deinit {
            store.close()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// Sessions with retries (in and out of event-time order), retries whose first attempt never
    /// came, repeats, rejections, missing fields, unknown statuses, one number spelled three ways,
    /// long values (which the loader shares between rows), non-ASCII ids (a KELVIN SIGN hook id is
    /// canonically equal to its "K" data id), arrivals out of time order.
    static func fill(_ store: SQLiteEventStore, events: Int = 1_200) async throws {
        let base: Int64 = 1_795_000_000_000
        let spellings = ["+1 212-555-0147", "12125550147", "(212) 555-0147", "+44 20 7946 0958 ext. 12345", "", "+1 415-555-0199"]
        let statuses = ["success", "failed_user_busy", "partially_sent", "insufficient_credit", "a_status_faxtop_never_heard_of", "failed"]
        var sessions: [String] = []
        var stored: [FaxEvent] = []
        var state: UInt64 = 7
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        for i in 0..<events {
            let roll = next(100)
            var hookID = String(format: "h%023d", i)
            var dataID = hookID
            if roll < 15, !sessions.isEmpty {
                dataID = sessions[next(sessions.count)]  // a retry of a known session
            } else if roll < 20 {
                dataID = "never-seen-first-\(next(40))"  // a retry whose first attempt never arrived
            } else if roll < 22 {
                hookID = "\u{212A}elvin-\(i)"
                dataID = "Kelvin-\(i)"
            } else if roll < 24 {
                hookID = "é-\(i)"
                dataID = hookID
            }
            if dataID == hookID { sessions.append(dataID) }
            let seconds = (base / 1000) + Int64(i * 7 - next(600))
            let event = FaxEvent(
                hookID: hookID, hookEvent: ["fax_sent", "fax_received", "fax_page_received_for_real"][next(3)],
                eventTime: next(10) == 0 ? nil : FaxTimestamp.format(seconds - Int64(next(5_000))),
                dataID: dataID, pages: next(8) == 0 ? nil : next(20),
                from: next(9) == 0 ? nil : spellings[next(spellings.count)],
                to: next(9) == 0 ? nil : spellings[next(spellings.count)],
                fileName: next(4) == 0 ? nil : (next(2) == 0 ? "quarterly-report-final-v2.pdf" : "fax-\(i)"),
                cost: next(6) == 0 ? nil : Double(next(50)) / 4, status: next(7) == 0 ? nil : FaxStatus(raw: statuses[next(statuses.count)]),
                raw: Array("{\"n\":\(i)}".utf8))
            let time = base + Int64(i) * 4_000 - Int64(next(3) == 0 ? next(3_000_000) : 0)
            let remote = ["127.0.0.1", "2001:db8:85a3::8a2e:370:7334", "34.65.253.117"][next(3)]
            _ = try await store.append(event, receivedAt: time, remote: remote)
            stored.append(event)
            if next(12) == 0 {
                _ = try await store.append(stored[next(stored.count)], receivedAt: time + 1, remote: remote)
            }
            if next(25) == 0 {
                _ = try await store.append(Rejection(receivedAt: time + 2, remote: "10.0.0.\(next(4))", code: 422,
                                                     reason: "data.pages: expected a number", body: Array("{}".utf8)))
            }
        }
    }

    /// The model `DashboardModel.apply` builds from the store's deliveries up to `last`.
    static func appliedOneByOne(_ store: SQLiteEventStore, through last: Int64) throws -> DashboardModel {
        var model = DashboardModel()
        try store.forEachDelivery(from: 1, batchSize: 97, rawBodies: false) { batch in
            model.apply(batch.filter { $0.seq <= last })
        }
        return model
    }

    static func expectSame(_ fast: DashboardModel, _ reference: DashboardModel) throws {
        #expect(fast.feed.records == reference.feed.records)
        #expect(fast.feed.visible == reference.feed.visible)
        #expect(fast.totals == reference.totals)
        #expect(fast.appliedSeq == reference.appliedSeq)
        #expect(fast.perMinute == reference.perMinute)
        #expect(fast.chainsVersion == reference.chainsVersion)
        #expect(fast.numbersVersion == reference.numbersVersion)
        #expect(fast.numbers.table == reference.numbers.table)
        #expect(fast.chains.chains == reference.chains.chains)
        #expect(fast.chains.orderedPositions() == reference.chains.orderedPositions())
        for record in reference.feed.records where !record.isRejection {
            #expect(fast.chains.chain(for: record.dataID) == reference.chains.chain(for: record.dataID))
        }
        // The search columns answer filters the same way.
        for query in ["status:failed", "number:2125550147", "from:44", "is:dup", "is:retry", "is:rejected", "id:k",
                      "event:other", "quarterly", "fax-1 !is:retry", "expected"] {
            var a = fast, b = reference
            a.setFilter(try FilterParser.parse(query))
            b.setFilter(try FilterParser.parse(query))
            #expect(a.feed.visible == b.feed.visible, "\(query)")
        }
    }

    @Test func twoThreadLoadEqualsApplyingEveryDeliveryInOrder() async throws {
        let history = try StoredHistory()
        try await Self.fill(history.store)
        let last = try history.store.lastSeq()
        let (fast, timings) = try HistoryBuild.model(from: history.store, through: last)
        let reference = try Self.appliedOneByOne(history.store, through: last)
        #expect(timings.rebuilt.isEmpty)
        #expect(reference.feed.count > 1_200)
        #expect(reference.totals.duplicates > 0 && reference.totals.rejected > 0 && reference.totals.retries > 0)
        #expect(reference.chains.chains.contains { !$0.firstAttemptSeen })
        #expect(reference.chains.chains.contains { $0.attemptCount > 2 })
        try Self.expectSame(fast, reference)
    }

    @Test func loadingUpToASequenceNumberLeavesLaterDeliveriesOut() async throws {
        let history = try StoredHistory()
        try await Self.fill(history.store, events: 300)
        let last = try history.store.lastSeq() - 40
        let (fast, _) = try HistoryBuild.model(from: history.store, through: last)
        #expect(fast.appliedSeq <= last)
        try Self.expectSame(fast, try Self.appliedOneByOne(history.store, through: last))
    }

    @Test func sessionsSharingAFingerprintAreBuiltFromTheFeedInstead() async throws {
        let history = try StoredHistory()
        try await Self.fill(history.store, events: 300)
        let last = try history.store.lastSeq()
        // With 4-bit fingerprints hundreds of sessions share sixteen values.
        let (fast, timings) = try HistoryBuild.model(from: history.store, through: last, fingerprintBits: 4)
        #expect(timings.rebuilt == ["chains"])
        try Self.expectSame(fast, try Self.appliedOneByOne(history.store, through: last))
    }
}
