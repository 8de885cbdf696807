import FaxCore
import NIOCore
import PostgresNIO

/// History for start-up and export, read in pages so that a million events are never held at once:
/// each page of ``pageRows`` rows is asked for before the one before it is handed out, so the database
/// reads ahead while the caller builds.
extension PostgresEventStore {
    static let pageRows = 20_000

    public func forEachEventSummary(
        through last: Int64, columns: EventSummaryColumns, _ body: (EventSummaryBytes) throws -> Void
    ) throws {
        // Both kinds read the feed's columns (the derived parts' are a subset), so that a scan of each
        // running at once can share one read (``PostgresSharedScan``).
        let fields = SummaryScan.fields(.feed)
        let scan = try sharedScan(through: last, fields)
        try scan.read { row in try Self.withSummary(row, fields, body) }
    }

    /// The scan of `last` another thread has just started, or a new one.
    private func sharedScan(through last: Int64, _ fields: [SummaryScan.Field]) throws(StoreError) -> PostgresSharedScan {
        if let running = scans.withLock({ $0[last] }), running.join() { return running }
        let connection = try readers.take()
        let sql = """
            SELECT \(fields.map(\.rawValue).joined(separator: ", ")) FROM events
            WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT \(Self.pageRows)
            """
        let logger = connector.logger, readers = self.readers
        let scan = PostgresSharedScan(pageRows: Self.pageRows, fetch: { after in
            connection.query(PostgresJournalReads.query(sql, after, last), logger: logger).map(\.rows)
        }, finished: { failed in
            if failed { connection.closeSoon() } else { readers.give(connection) }
        })
        scans.withLock { scans in
            scans = scans.filter { $0.value.isJoinable }
            scans[last] = scan
        }
        return scan
    }

    /// Hands out one row's columns as bytes, in one pass over its cells (a random-access row costs an
    /// array per row, which over a million rows was a second of the load). The pointers are into the
    /// row's own buffer, which `row` keeps alive and nothing writes to during the call.
    private static func withSummary(_ row: PostgresRow, _ fields: [SummaryScan.Field],
                                    _ body: (EventSummaryBytes) throws -> Void) throws {
        var summary = EventSummaryBytes()
        var column = 0
        for cell in row {
            guard column < fields.count else { break }
            let bytes = cell.bytes
            func text() -> EventSummaryBytes.Text {
                bytes.map { buffer in
                    buffer.withUnsafeReadableBytes { UnsafeBufferPointer(start: $0.baseAddress?.assumingMemoryBound(to: UInt8.self), count: $0.count) }
                } ?? EventSummaryBytes.empty
            }
            func integer() -> Int64 {
                guard var value = bytes else { return 0 }
                return value.readableBytes == 8 ? value.readInteger(as: Int64.self) ?? 0 : Int64(value.readInteger(as: Int32.self) ?? 0)
            }
            switch fields[column] {
            case .seq: summary.seq = integer()
            case .receivedAt: summary.receivedAt = integer()
            case .pages: summary.pages = integer()
            case .hookEvent: summary.hookEvent = text()
            case .hookID: summary.hookID = text()
            case .dataID: summary.dataID = text()
            case .remote: summary.remote = text()
            case .eventTime: summary.eventTime = text()
            case .from: summary.from = text()
            case .to: summary.to = text()
            case .fileName: summary.fileName = text()
            case .status: summary.status = bytes == nil ? nil : text()
            case .cost:
                if var value = bytes, let bits = value.readInteger(as: UInt64.self) { summary.cost = Double(bitPattern: bits) }
            }
            column += 1
        }
        try withExtendedLifetime(row) { try body(summary) }
    }

    public func duplicates(through last: Int64) throws -> [DuplicateDelivery] {
        try readers.rows(PostgresJournalReads.query("""
            SELECT seq, event_seq, delivery_count, received_at, remote FROM duplicates WHERE seq <= $1 ORDER BY seq
            """, last), doing: "reading history from").map { PostgresJournalReads.duplicate(PostgresCells($0)) }
    }

    public func rejectionSummaries(through last: Int64) throws -> [Rejection] {
        try readers.rows(PostgresJournalReads.query(
            "SELECT seq, received_at, remote, code, reason FROM rejections WHERE seq <= $1 ORDER BY seq", last),
                         doing: "reading history from").map { row in
            let c = PostgresCells(row)
            return Rejection(seq: c.int64(0), receivedAt: c.int64(1), remote: c.text(2), code: c.int(3), reason: c.text(4))
        }
    }

    public func forEachHistoryEntry(since: Int64?, batchSize: Int, _ body: ([HistoryEntry]) throws -> Void) throws {
        let (first, last) = try bounds()
        guard var low = first else { return }
        let span = Int64(max(1, batchSize)), since = since ?? .min
        while low <= last {
            let high = min(last, low + span - 1), window = low
            let entries = try readers.withConnection(doing: "reading history from") { connection in
                let events = connection.query(PostgresJournalReads.query("""
                    SELECT \(JournalReads.eventColumns), raw, delivery_count, last_delivery_at FROM events
                    WHERE seq BETWEEN $1 AND $2 AND received_at >= $3 ORDER BY seq
                    """, window, high, since), logger: connector.logger)
                let rejections = connection.query(PostgresJournalReads.query("""
                    SELECT \(JournalReads.rejectionColumns) FROM rejections
                    WHERE seq BETWEEN $1 AND $2 AND received_at >= $3 ORDER BY seq
                    """, window, high, since), logger: connector.logger)
                let stored: [HistoryEntry] = try events.wait().rows.map { row in
                    let c = PostgresCells(row)
                    let delivery = PostgresJournalReads.accepted(c)
                    return .event(StoredEvent(delivery: delivery, attempt: delivery.attempt,
                                              deliveryCount: c.int(19), lastDeliveryAt: c.int64(20)))
                }
                let refused = try rejections.wait().rows.map { HistoryEntry.rejection(PostgresJournalReads.rejection(PostgresCells($0))) }
                return (stored + refused).sorted { $0.seq < $1.seq }
            }
            if !entries.isEmpty { try body(entries) }
            low = high + 1
        }
    }
}
