import FaxCore
import FaxTestSupport
import Foundation
import Synchronization
import Testing
@_spi(Benchmarks) @testable import FaxStore

/// What the PostgreSQL journal promises beyond the conformance suite: several receivers on one
/// journal, the order followers read in, migrations racing, faults, and errors an operator can act on.
@Suite struct PostgresJournalTests {
    static func open(_ url: String, sink: @escaping DeliverySink = { _ in }) throws -> PostgresEventStore {
        try PostgresEventStore(url: url, sink: sink)
    }

    @Test func aDeliveryReachingTwoReceiversAtOnceIsOneEvent() async throws {
        let url = try ThrowawayPostgres.shared.makeDatabase()
        let first = try Self.open(url), second = try Self.open(url)
        let outcomes = try await withThrowingTaskGroup(of: AppendOutcome.self) { group in
            for i in 0..<40 {
                let store = i.isMultiple(of: 2) ? first : second
                group.addTask { try await store.append(Sample.event(data: "SAME"), receivedAt: Int64(i), remote: "r") }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let accepted = outcomes.filter { if case .accepted = $0 { true } else { false } }
        #expect(accepted.count == 1, "one receiver stored it, every other delivery is a repeat")
        #expect(try first.totals() == StoreTotals(events: 1, deliveries: 40, rejected: 0))
        let counts = outcomes.compactMap { if case .duplicate(_, let count) = $0 { count } else { nil } }
        #expect(Set(counts) == Set(2...40), "each repeat saw the count before it")
        first.close()
        second.close()
    }

    /// One receiver's batch is held open (its transaction not committed) while another receiver
    /// appends: the second waits for the first, and a follower never sees seq 2 without seq 1.
    @Test func followersNeverSkipADeliveryCommittedLate() async throws {
        let url = try ThrowawayPostgres.shared.makeDatabase()
        let receiver = try Self.open(url), follower = try PostgresEventStore(url: url, options: .init(readOnly: true))
        let held = try PostgresConnector(url: PostgresURL(parsing: url)).connectNow()
        defer { held.closeSoon() }
        _ = try held.query("BEGIN", logger: receiver.connector.logger).wait()
        let batch = PostgresBatch.json([.event(Sample.event(data: "SLOW"), receivedAt: 1, remote: "held")])
        _ = try held.query("SELECT * FROM faxtop_append(\(batch)::jsonb)", logger: receiver.connector.logger).wait()

        let second = Task { try await receiver.append(Sample.event(data: "FAST"), receivedAt: 2, remote: "r") }
        try await Task.sleep(for: .milliseconds(300))
        #expect(try follower.newDeliveries(after: 0, limit: 10).deliveries.isEmpty, "nothing has committed yet")
        #expect(try follower.lastSeq() == 0)

        _ = try held.query("COMMIT", logger: receiver.connector.logger).wait()
        #expect(try await second.value == .accepted(seq: 2, attempt: 1), "numbered after the batch it waited for")
        let read = try follower.newDeliveries(after: 0, limit: 10)
        #expect(read.deliveries.map(\.seq) == [1, 2])
        #expect(read.deliveries.map { if case .accepted(let d) = $0 { d.remote } else { "" } } == ["held", "r"])
        receiver.close()
        follower.close()
    }

    @Test func receiversStartingTogetherMigrateOnce() async throws {
        let url = try ThrowawayPostgres.shared.makeDatabase()
        let stores = try await withThrowingTaskGroup(of: PostgresEventStore.self) { group in
            for _ in 0..<3 {
                group.addTask { try await onOwnThread { try Self.open(url) } }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(stores.count == 3)
        let versions = try ThrowawayPostgres.shared.psql("SELECT version FROM faxtop_migrations", database: Self.database(url))
        #expect(versions.split(separator: "\n") == ["1"])
        for (i, store) in stores.enumerated() {
            _ = try await store.append(Sample.event(data: "M\(i)"), receivedAt: 1, remote: "r")
        }
        #expect(try stores[0].lastSeq() == 3)
        for store in stores { store.close() }
    }

    @Test func aFollowerIsToldOfEveryCommitAndAfterReconnecting() async throws {
        let url = try ThrowawayPostgres.shared.makeDatabase()
        let receiver = try Self.open(url), follower = try PostgresEventStore(url: url, options: .init(readOnly: true))
        let calls = Counter()
        let watch = follower.watchChanges { calls.add() }
        defer { watch.cancel() }
        try await eventually("the watch listens and says so once") { calls.value >= 1 }
        let before = calls.value
        _ = try await receiver.append(Sample.event(data: "N1"), receivedAt: 1, remote: "r")
        try await eventually("a commit is announced") { calls.value > before }
        receiver.close()
        follower.close()
    }

    @Test func openingErrorsNameTheFix() throws {
        let server = try ThrowawayPostgres.shared
        let url = try server.makeDatabase()
        let database = Self.database(url)
        func message(_ text: String) -> String {
            do {
                _ = try PostgresEventStore(url: text)
                return "opened"
            } catch {
                return error.message
            }
        }
        #expect(message(server.url(database: database, user: "secured", password: "wrong")).contains("password authentication failed"))
        #expect(message(server.url(database: "nowhere")).contains("database \"nowhere\" does not exist (create it first: createdb nowhere)"))
        #expect(message("postgres://faxtop@127.0.0.1:1/x?sslmode=disable").contains("database unreachable"))
        // PostgreSQL 15 lets only the owner create in schema public: a role that may log in but not
        // create is told at start, not at the first webhook.
        #expect(message(server.url(database: database, user: "secured", password: "right-password")).contains("permission denied"))
        #expect(message("postgres://u@h/d?sslmode=sometimes").contains("sslmode sometimes is not one of"))
        #expect(message(url) == "opened")
        #expect(throws: StoreError.self) { try PostgresEventStore(url: try server.makeDatabase(), options: .init(readOnly: true)) }
    }

    /// The server stops under a receiver and starts again: appends fail meanwhile (the receiver answers
    /// 503), health says so, and both recover without reopening the store.
    @Test func aRestartedServerIsWrittenAgainWithoutReopening() async throws {
        let server = try ThrowawayPostgres()
        defer { try? server.stop() }
        try server.psql("CREATE DATABASE faxtop")
        let url = server.url(database: "faxtop")
        let store = try Self.open(url), follower = try PostgresEventStore(url: url, options: .init(readOnly: true))
        _ = try await store.append(Sample.event(data: "R1"), receivedAt: 1, remote: "r")
        try server.stop()
        await #expect(throws: StoreError.self) { try await store.append(Sample.event(data: "R2"), receivedAt: 2, remote: "r") }
        #expect(!store.health.isOK)
        #expect(throws: StoreError.self) { try follower.newDeliveries(after: 1, limit: 10) }
        try server.start()
        #expect(await store.checkHealth() == .ok)
        #expect(try await store.append(Sample.event(data: "R2"), receivedAt: 2, remote: "r") == .accepted(seq: 2, attempt: 1))
        #expect(try follower.newDeliveries(after: 1, limit: 10).deliveries.map(\.seq) == [2])
        store.close()
        follower.close()
    }

    @Test func receiversAnnounceThemselvesAndLeave() async throws {
        let url = try ThrowawayPostgres.shared.makeDatabase()
        let first = try Self.open(url), second = try Self.open(url)
        let watcher = try PostgresEventStore(url: url, options: .init(readOnly: true))
        #expect(watcher.receiverPresence() == nil)
        first.announce(ReceiverPresence(pid: 11, url: "http://a:1/webhook", startedAt: 1_000, mode: "serve"))
        second.announce(ReceiverPresence(pid: 22, url: "http://b:2/webhook", startedAt: 2_000, mode: "serve"))
        try await eventually("both are seen; the newest is shown") {
            watcher.receiverPresence()?.url == "http://b:2/webhook (+1 more receiver)"
        }
        second.close()
        try await eventually("the one that stopped is gone") { watcher.receiverPresence()?.pid == 11 }
        first.close()
        try await eventually("none runs") { watcher.receiverPresence() == nil }
        watcher.close()
    }

    /// The dashboard's start-up scans the events twice at once (feed columns, derived parts): from
    /// PostgreSQL both read one stream of pages, and each still sees every event once, in order.
    @Test func twoHistoryScansAtOnceEachSeeEveryEventOnce() async throws {
        let store = try Self.open(try ThrowawayPostgres.shared.makeDatabase())
        try store.bulkLoadForBenchmark(events: 45_000)  // three pages
        let last = try store.lastSeq()
        let scans = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for columns in [EventSummaryColumns.derived, .feed] {
                group.addTask {
                    try await onOwnThread {
                        var seqs: [Int64] = []
                        try store.forEachEventSummary(through: last, columns: columns) { seqs.append($0.seq) }
                        return seqs
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(scans.count == 2)
        for seqs in scans {
            #expect(seqs.count == 45_000)
            #expect(seqs == seqs.sorted() && Set(seqs).count == seqs.count)
        }
        var alone: [String] = []
        try store.forEachEventSummary(through: last, columns: .feed) { row in
            if alone.count < 2 { alone.append(String(decoding: row.dataID, as: UTF8.self)) }
        }
        #expect(alone == ["b00000000000000000000000", "b00000000000000000000001"], "a later scan alone reads from the start")
        store.close()
    }

    /// A delivery the database refuses (here a constraint a test adds; in life, a value it cannot hold)
    /// fails alone: the deliveries committed in the same batch with it are stored and answered.
    @Test func aDeliveryTheDatabaseRefusesFailsAlone() async throws {
        let url = try ThrowawayPostgres.shared.makeDatabase()
        let store = try Self.open(url)
        try ThrowawayPostgres.shared.psql("ALTER TABLE events ADD CONSTRAINT no_poison CHECK (data_id <> 'POISON')",
                                          database: Self.database(url))
        let results = await withTaskGroup(of: (String, Bool).self) { group in
            for i in 0..<40 {
                let id = i == 20 ? "POISON" : "G\(i)"
                group.addTask {
                    let stored = (try? await store.append(Sample.event(data: id), receivedAt: Int64(i), remote: "r")) != nil
                    return (id, stored)
                }
            }
            return await group.reduce(into: [String: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(results.filter { !$0.value }.map(\.key) == ["POISON"])
        #expect(try store.totals().events == 39)
        #expect(await store.checkHealth() == .ok, "one refused delivery does not leave the store failing")
        store.close()
    }

    static func database(_ url: String) -> String {
        String(url.split(separator: "/").last!.split(separator: "?").first!)
    }
}

private final class Counter: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
