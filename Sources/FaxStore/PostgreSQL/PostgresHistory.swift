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
        let fields = SummaryScan.fields(columns)
        let sql = """
            SELECT \(fields.map(\.rawValue).joined(separator: ", ")) FROM events
            WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT \(Self.pageRows)
            """
        try readers.withConnection(doing: "reading history from") { connection in
            var next = connection.query(PostgresJournalReads.query(sql, 0, last), logger: connector.logger)
            while true {
                let rows = try next.wait().rows
                if rows.count == Self.pageRows, let tail = rows.last {
                    next = connection.query(PostgresJournalReads.query(sql, PostgresCells(tail).int64(0), last),
                                            logger: connector.logger)
                }
                for row in rows {
                    try Self.withSummary(row, fields, body)
                }
                if rows.count < Self.pageRows { return }
            }
        }
    }

    /// Hands out one row's columns as bytes. The pointers are into the row's own buffer, which `row`
    /// keeps alive and nothing writes to during the call.
    private static func withSummary(_ row: PostgresRow, _ fields: [SummaryScan.Field],
                                    _ body: (EventSummaryBytes) throws -> Void) throws {
        let cells = PostgresCells(row)
        var summary = EventSummaryBytes()
        func text(_ column: Int) -> EventSummaryBytes.Text {
            cells.withBytes(column) { $0 }
        }
        for (column, field) in fields.enumerated() {
            switch field {
            case .seq: summary.seq = cells.int64(column)
            case .receivedAt: summary.receivedAt = cells.int64(column)
            case .hookEvent: summary.hookEvent = text(column)
            case .hookID: summary.hookID = text(column)
            case .dataID: summary.dataID = text(column)
            case .remote: summary.remote = text(column)
            case .eventTime: summary.eventTime = text(column)
            case .from: summary.from = text(column)
            case .to: summary.to = text(column)
            case .fileName: summary.fileName = text(column)
            case .status: summary.status = cells.isNull(column) ? nil : text(column)
            case .pages: summary.pages = cells.int64(column)
            case .cost: summary.cost = cells.optionalDouble(column) ?? 0
            }
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
