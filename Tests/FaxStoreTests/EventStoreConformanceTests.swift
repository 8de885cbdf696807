import FaxCore
import FaxTestSupport
import Foundation
import Testing
@testable import FaxStore

/// The contract every `EventStore` keeps, run against every backend: the durable SQLite journal, the
/// temporary one `--memory` runs on, and the PostgreSQL journal (on a throwaway server of the tests').
@Suite struct EventStoreConformanceTests {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case memory, sqlite, postgres
        var testDescription: String { rawValue }
    }

    /// A store of `kind`, plus whatever must stay alive with it.
    struct Subject {
        var store: any EventStore
        var recorder: SinkRecorder
        var directory: TempDirectory?
    }

    static func make(_ kind: Kind) throws -> Subject {
        let recorder = SinkRecorder()
        switch kind {
        case .memory:
            return Subject(store: try SQLiteEventStore.temporary(sink: recorder.sink), recorder: recorder)
        case .sqlite:
            let directory = TempDirectory()
            let store = try SQLiteEventStore(path: directory.databasePath, sink: recorder.sink)
            return Subject(store: store, recorder: recorder, directory: directory)
        case .postgres:
            let store = try PostgresEventStore(url: try ThrowawayPostgres.shared.makeDatabase(), sink: recorder.sink)
            return Subject(store: store, recorder: recorder)
        }
    }

    /// A session with a retry before the first attempt, a repeat, rejections in between, and another event kind.
    static func script(_ store: any EventStore) async throws -> [String] {
        var log: [String] = []
        func event(_ e: FaxEvent, at time: Int64) async throws {
            log.append("\(try await store.append(e, receivedAt: time, remote: "127.0.0.1"))")
        }
        try await event(Sample.event(data: "S1", hook: "H2"), at: 10)          // retry seen first: attempt 2
        try await event(Sample.event(data: "S1"), at: 11)                       // the first attempt: 1
        log.append("\(try await store.append(Sample.rejection()))")
        try await event(Sample.event(data: "S1", hook: "H2"), at: 12)          // repeat of seq 1
        try await event(Sample.event(data: "S1", hook: "H3"), at: 13)          // attempt 3
        try await event(Sample.event(data: "S1", hook: "H2"), at: 14)          // repeat again: count 3
        try await event(Sample.event(data: "S1", hook: "H2", kind: "fax_received"), at: 15) // other key
        try await event(Sample.event(data: "S2", hook: "H9"), at: 16)          // lone retry: attempt 2
        log.append("\(try await store.append(Sample.rejection(code: 400, reason: "not JSON", body: "x,y\n\"z\"")))")
        return log
    }

    static let expectedLog = [
        "accepted(seq: 1, attempt: 2)", "accepted(seq: 2, attempt: 1)", "3",
        "duplicate(seq: 1, deliveryCount: 2)", "accepted(seq: 5, attempt: 3)", "duplicate(seq: 1, deliveryCount: 3)",
        "accepted(seq: 7, attempt: 4)", "accepted(seq: 8, attempt: 2)", "9",
    ]

    @Test(arguments: Kind.allCases)
    func appendOutcomesFollowTheContract(kind: Kind) async throws {
        let subject = try Self.make(kind)
        #expect(try await Self.script(subject.store) == Self.expectedLog)
        #expect(try subject.store.lastSeq() == 9)
        #expect(try subject.store.totals() == StoreTotals(events: 5, deliveries: 7, rejected: 2))
        #expect(subject.recorder.seqs == Array(1...9))
        #expect(subject.store.health == .ok)
    }

    @Test(arguments: [Kind.sqlite, .postgres])
    func everyStoreNumbersAndRecordsTheSameDeliveries(kind: Kind) async throws {
        let memory = try Self.make(.memory), sqlite = try Self.make(kind)
        _ = try await Self.script(memory.store)
        _ = try await Self.script(sqlite.store)
        let expected = try memory.store.deliveries(in: 1...9)
        #expect(expected.count == 9)
        #expect(try sqlite.store.deliveries(in: 1...9) == expected)
        #expect(sqlite.recorder.deliveries == memory.recorder.deliveries)
        #expect(try sqlite.store.deliveries(in: 3...5) == Array(expected[2...4]))
        #expect(try sqlite.store.deliveries(in: 8...100) == Array(expected[7...8]))
        #expect(try sqlite.store.deliveries(in: 20...30).isEmpty)
        for seq in Int64(0)...10 {
            #expect(try sqlite.store.rawBody(seq: seq) == memory.store.rawBody(seq: seq), "seq \(seq)")
        }
        var streamed: [Delivery] = []
        try sqlite.store.forEachDelivery(from: 2, batchSize: 4) { streamed += $0 }
        #expect(streamed == Array(expected[1...]))
    }

    @Test(arguments: Kind.allCases)
    func emptyStore(kind: Kind) async throws {
        let subject = try Self.make(kind)
        #expect(try subject.store.lastSeq() == 0)
        #expect(try subject.store.totals() == StoreTotals(events: 0, deliveries: 0, rejected: 0))
        #expect(try subject.store.deliveries(in: 1...10).isEmpty)
        #expect(try subject.store.rawBody(seq: 1) == nil)
        var calls = 0
        try subject.store.forEachDelivery(from: 1, batchSize: 10) { _ in calls += 1 }
        #expect(calls == 0)
    }

    @Test(arguments: Kind.allCases)
    func fixturesRoundTrip(kind: Kind) async throws {
        let subject = try Self.make(kind)
        let decoder = WebhookDecoder()
        var events: [FaxEvent] = []
        for name in ["fax_sent_first_attempt.json", "fax_sent_retry.json", "fax_received.json", "fax_received_sdk_field_names.json"] {
            let event = try decoder.decode(try Sample.fixture(name))
            events.append(event)
            _ = try await subject.store.append(event, receivedAt: 1_700_000_000_000, remote: "34.65.253.117")
        }
        let stored = try subject.store.deliveries(in: 1...4)
        let storedEvents = stored.compactMap { delivery -> FaxEvent? in
            if case .accepted(let d) = delivery { return d.event }
            return nil
        }
        #expect(storedEvents == events)
    }

    @Test(arguments: Kind.allCases)
    func historySummariesDescribeWhatIsStored(kind: Kind) async throws {
        let subject = try Self.make(kind)
        _ = try await Self.script(subject.store)
        var feed: [(Int64, String, String)] = []
        try subject.store.forEachEventSummary(through: 8, columns: .feed) { row in
            feed.append((row.seq, String(decoding: row.hookID, as: UTF8.self), String(decoding: row.dataID, as: UTF8.self)))
        }
        #expect(feed.map(\.0) == [1, 2, 5, 7, 8], "events only, through seq 8")
        #expect(feed.map(\.1) == ["H2", "S1", "H3", "H2", "H9"])
        #expect(feed.map(\.2) == ["S1", "S1", "S1", "S1", "S2"])
        #expect(try subject.store.duplicates(through: 9).map(\.seq) == [4, 6])
        #expect(try subject.store.duplicates(through: 9).map(\.eventSeq) == [1, 1])
        #expect(try subject.store.rejectionSummaries(through: 9).map(\.seq) == [3, 9])
        #expect(try subject.store.rejectionSummaries(through: 8).map(\.seq) == [3])
    }

    @Test(arguments: Kind.allCases)
    func concurrentAppendsGetOneContiguousSequenceInOrder(kind: Kind) async throws {
        let subject = try Self.make(kind)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<200 {
                group.addTask { _ = try await subject.store.append(Sample.event(data: "C\(i)"), receivedAt: Int64(i), remote: "r") }
            }
            try await group.waitForAll()
        }
        #expect(try subject.store.lastSeq() == 200)
        #expect(subject.recorder.seqs == Array(1...200), "the sink hears every delivery once, in order")
        #expect(subject.recorder.batchCount < 200, "appends waiting together are committed together")
    }

    @Test(arguments: Kind.allCases)
    func retentionKeepsTheNewest(kind: Kind) async throws {
        let subject = try Self.make(kind)
        for i in 0..<10 { _ = try await subject.store.append(Sample.event(data: "R\(i)"), receivedAt: Int64(i), remote: "r") }
        #expect(try await subject.store.prune(RetentionPolicy(keep: 4), now: 100) == 6)
        #expect(try subject.store.totals() == StoreTotals(events: 4, deliveries: 4, rejected: 0))
        #expect(try subject.store.deliveries(in: 1...10).map(\.seq) == [7, 8, 9, 10])
        #expect(try await subject.store.prune(RetentionPolicy(keepDays: 1), now: 86_400_000 + 8) == 2, "older than a day")
        #expect(try subject.store.lastSeq() == 10, "the sequence goes on after pruning")
        #expect(try await subject.store.append(Sample.rejection()) == 11)
    }

    @Test(arguments: Kind.allCases)
    func healthIsProbedByAWrite(kind: Kind) async throws {
        let subject = try Self.make(kind)
        #expect(await subject.store.checkHealth() == .ok)
        #expect(subject.store.health == .ok)
        #expect(try subject.store.lastSeq() == 0, "a probe is not a delivery")
    }

    /// A fax listed by the Fax.Plus API is journaled as the first attempt of its session (hook id =
    /// data id), so its webhook, before or after, is another delivery of the same event; each delivery
    /// keeps where it came from in its `remote`, and export shows the fax once.
    @Test(arguments: Kind.allCases)
    func aPolledFaxAndItsWebhookAreOneEventWithTwoDeliveries(kind: Kind) async throws {
        let subject = try Self.make(kind)
        let store = subject.store
        #expect(try await store.append(Sample.event(data: "F1"), receivedAt: 10, remote: "Fax.Plus API poll") == .accepted(seq: 1, attempt: 1))
        #expect(try await store.append(Sample.event(data: "F1"), receivedAt: 11, remote: "34.65.253.117") == .duplicate(seq: 1, deliveryCount: 2))
        #expect(try await store.append(Sample.event(data: "F2"), receivedAt: 12, remote: "34.65.253.117") == .accepted(seq: 3, attempt: 1))
        #expect(try await store.append(Sample.event(data: "F2"), receivedAt: 13, remote: "Fax.Plus API backfill") == .duplicate(seq: 3, deliveryCount: 2))
        let remotes = try store.deliveries(in: 1...4).map { delivery -> String in
            switch delivery {
            case .accepted(let accepted): return accepted.remote
            case .duplicate(let duplicate): return duplicate.remote
            case .rejected(let rejection): return rejection.remote
            }
        }
        #expect(remotes == ["Fax.Plus API poll", "34.65.253.117", "34.65.253.117", "Fax.Plus API backfill"])
        var exported: [String] = []
        try store.forEachHistoryEntry { entries in
            for case .event(let event) in entries { exported.append("\(event.delivery.event.dataID)×\(event.deliveryCount)") }
        }
        #expect(exported == ["F1×2", "F2×2"])
    }

    @Test func aDurableJournalIsCompleteAfterCloseAndATemporaryOneIsGone() async throws {
        let durable = try Self.make(.sqlite)
        _ = try await Self.script(durable.store)
        durable.store.close()
        let path = try #require(durable.directory?.databasePath)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"), "everything is in the file itself")
        let reopened = try SQLiteEventStore(path: path)
        #expect(try reopened.totals() == StoreTotals(events: 5, deliveries: 7, rejected: 2))
        reopened.close()

        let temporary = try SQLiteEventStore.temporary()
        let folder = (temporary.path as NSString).deletingLastPathComponent
        _ = try await Self.script(temporary)
        #expect(FileManager.default.fileExists(atPath: temporary.path))
        temporary.close()
        #expect(!FileManager.default.fileExists(atPath: folder), "--memory leaves nothing behind")
    }
}
