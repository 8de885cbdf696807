import FaxCore
import Foundation
import NIOCore
import PostgresNIO
import Synchronization

/// The journal in PostgreSQL (`--db postgres://…`): several receivers write it at once, dashboards
/// follow it from anywhere. The same ``EventStore`` contract as the SQLite journal, checked by the same
/// conformance suite.
///
/// - Writes: this receiver's group-commit writer (``PostgresWriter``); `append` returns after COMMIT.
/// - Order: every batch numbers its deliveries under the row lock of `journal_head`, so sequence
///   numbers become visible in order and a follower reading `seq > last` never skips one.
/// - Idempotency across receivers: one unique key per delivery; a repeat reaching another receiver
///   is counted on the event already stored.
/// - Followers: `LISTEN faxtop_journal`, and a catch-up read after every (re)connect.
public final class PostgresEventStore: EventStore {
    public struct Options: Sendable {
        /// Reading only (`attach`, `export`): no writer, no migrations, appends fail with `.readOnly`.
        public var readOnly = false
        /// Told of each group commit: how many deliveries it held and how long it took.
        public var onCommit: (@Sendable (_ deliveries: Int, _ took: Duration) -> Void)?

        public init(readOnly: Bool = false) {
            self.readOnly = readOnly
        }
    }

    public let url: PostgresURL
    let connector: PostgresConnector
    let readers: PostgresReaders
    private let writer: PostgresWriter?
    private let roster: PostgresReceiverRoster
    /// History scans that a second scan of the same range may still join, by their last seq.
    let scans = Mutex<[Int64: PostgresSharedScan]>([:])

    /// Connects, and (unless reading only) brings the schema up to date. A wrong URL, password,
    /// database or permission is one ``StoreError`` naming it.
    public init(url: PostgresURL, options: Options = Options(), sink: @escaping DeliverySink = { _ in }) throws(StoreError) {
        self.url = url
        connector = try PostgresConnector(url: url)
        readers = PostgresReaders(connector: connector)
        roster = PostgresReceiverRoster(readers: readers)
        if options.readOnly {
            writer = nil
            try PostgresMigrator(connector: connector).checkReadable()
        } else {
            try PostgresMigrator(connector: connector).migrate()
            writer = PostgresWriter(connector: connector, sink: sink, onCommit: options.onCommit)
        }
    }

    public convenience init(url text: String, options: Options = Options(), sink: @escaping DeliverySink = { _ in }) throws(StoreError) {
        let url: PostgresURL
        do { url = try PostgresURL(parsing: text) } catch { throw StoreError(.unavailable, "\(error)") }
        try self.init(url: url, options: options, sink: sink)
    }

    /// Waits for queued appends, leaves the roster and closes every connection.
    public func close() {
        writer?.close()
        roster.leave()
        readers.close()
    }

    // MARK: - Writing

    public func append(_ event: FaxEvent, receivedAt: Int64, remote: String) async throws(StoreError) -> AppendOutcome {
        switch try await submit(.event(event, receivedAt: receivedAt, remote: remote)) {
        case .event(let outcome): return outcome
        case .rejection: throw StoreError(.corrupt, "the journal answered an event as a rejection")
        }
    }

    public func append(_ rejection: Rejection) async throws(StoreError) -> Int64 {
        switch try await submit(.rejection(rejection)) {
        case .rejection(let seq): return seq
        case .event: throw StoreError(.corrupt, "the journal answered a rejection as an event")
        }
    }

    private func submit(_ item: PostgresBatch.Item) async throws(StoreError) -> PostgresWriter.Outcome {
        guard let writer else { throw StoreError(.readOnly, "\(url) was opened for reading only") }
        return try await writer.submit(item)
    }

    public var health: StoreHealth { writer?.health.withLock { $0 } ?? .ok }

    @discardableResult
    public func checkHealth() async -> StoreHealth {
        guard let writer else { return .ok }
        return await writer.probe()
    }

    // MARK: - Reading

    public func deliveries(in range: ClosedRange<Int64>) throws(StoreError) -> [Delivery] {
        try readers.withConnection(doing: "reading deliveries from") { connection in
            try PostgresJournalReads.deliveries(range.lowerBound, range.upperBound, rawBodies: true, connection, connector.logger)
        }
    }

    public func forEachDelivery(from seq: Int64, batchSize: Int, rawBodies: Bool, _ body: ([Delivery]) throws -> Void) throws {
        let (first, last) = try bounds()
        guard let first else { return }
        let span = Int64(max(1, batchSize))
        var low = max(seq, first)
        while low <= last {
            let high = min(last, low + span - 1)
            let window = low
            let batch = try readers.withConnection(doing: "reading history from") { connection in
                try PostgresJournalReads.deliveries(window, high, rawBodies: rawBodies, connection, connector.logger)
            }
            if !batch.isEmpty { try body(batch) }
            low = high + 1
        }
    }

    public func newDeliveries(after seq: Int64, limit: Int) throws(StoreError) -> (deliveries: [Delivery], last: Int64) {
        try readers.withConnection(doing: "reading new deliveries from") { connection in
            // The head first: every sequence number up to it has committed (see ``PostgresSchema``), so
            // the rows read next, in a later snapshot, hold all of them unless retention took some.
            let head = try connection.query(PostgresQuery(unsafeSQL: PostgresJournalReads.bounds), logger: connector.logger).wait()
            guard let row = head.rows.first.map(PostgresCells.init) else { return ([], 0) }
            let last = row.int64(1)
            guard last > seq else { return ([], last) }
            let low = max(seq + 1, row.isNull(0) ? seq + 1 : row.int64(0))
            guard low <= last else { return ([], last) }
            let high = min(last, low + Int64(max(1, limit)) - 1)
            return (try PostgresJournalReads.deliveries(low, high, rawBodies: false, connection, connector.logger), last)
        }
    }

    public func rawBody(seq: Int64) throws(StoreError) -> [UInt8]? {
        let rows = try readers.rows(PostgresJournalReads.query("""
            SELECT raw FROM events WHERE seq = $1 UNION ALL SELECT body FROM rejections WHERE seq = $1
            """, seq), doing: "reading a body from")
        return rows.first.map { PostgresCells($0).bytes(0) }
    }

    public func totals() throws(StoreError) -> StoreTotals {
        let rows = try readers.rows("SELECT events, duplicates, rejected FROM journal_head", doing: "counting in")
        guard let c = rows.first.map(PostgresCells.init) else { return StoreTotals(events: 0, deliveries: 0, rejected: 0) }
        return StoreTotals(events: c.int(0), deliveries: c.int(0) + c.int(1), rejected: c.int(2))
    }

    public func lastSeq() throws(StoreError) -> Int64 {
        try readers.rows("SELECT last_seq FROM journal_head", doing: "reading").first.map { PostgresCells($0).int64(0) } ?? 0
    }

    /// The lowest sequence number still stored (nil when empty) and the last one handed out.
    func bounds() throws(StoreError) -> (Int64?, Int64) {
        let rows = try readers.rows(PostgresQuery(unsafeSQL: PostgresJournalReads.bounds), doing: "reading")
        guard let c = rows.first.map(PostgresCells.init) else { return (nil, 0) }
        return (c.isNull(0) ? nil : c.int64(0), c.int64(1))
    }

    // MARK: - Following

    public func watchChanges(_ onChange: @escaping @Sendable () -> Void) -> any JournalWatch {
        PostgresChangeWatch(connector: connector, onChange: onChange)
    }

    public func announce(_ receiver: ReceiverPresence) {
        roster.join(receiver)
    }

    public func receiverPresence() -> ReceiverPresence? {
        roster.newest()
    }

    /// The database's size, for `/metrics`.
    public var fileBytes: Int64 {
        (try? readers.rows("SELECT pg_database_size(current_database())", doing: "measuring"))?
            .first.map { PostgresCells($0).int64(0) } ?? 0
    }
}
