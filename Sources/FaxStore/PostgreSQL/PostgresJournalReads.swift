import FaxCore
import NIOCore
import PostgresNIO

/// Reading deliveries back from the PostgreSQL journal: the same rows, in the same shapes, as
/// ``JournalReads`` gives for SQLite.
enum PostgresJournalReads {
    static func query(_ sql: String, _ values: Int64...) -> PostgresQuery {
        var binds = PostgresBindings(capacity: values.count)
        for value in values { binds.append(value) }
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    /// Deliveries with `low <= seq <= high`, in sequence order, on one connection.
    static func deliveries(_ low: Int64, _ high: Int64, rawBodies: Bool, _ connection: PostgresConnection,
                           _ logger: Logger) throws -> [Delivery] {
        let eventSQL = rawBodies
            ? "SELECT \(JournalReads.eventColumns), raw FROM events WHERE seq BETWEEN $1 AND $2 ORDER BY seq"
            : "SELECT \(summaryColumns) FROM events WHERE seq BETWEEN $1 AND $2 ORDER BY seq"
        // Queued together: the connection runs them one after another without waiting on this thread.
        let events = connection.query(query(eventSQL, low, high), logger: logger)
        let duplicates = connection.query(query("""
            SELECT seq, event_seq, delivery_count, received_at, remote FROM duplicates
            WHERE seq BETWEEN $1 AND $2 ORDER BY seq
            """, low, high), logger: logger)
        let rejections = connection.query(query(
            "SELECT \(JournalReads.rejectionColumns) FROM rejections WHERE seq BETWEEN $1 AND $2 ORDER BY seq",
            low, high), logger: logger)
        let accepted = try events.wait().rows.map { rawBodies ? Self.accepted(PostgresCells($0)) : Self.summary(PostgresCells($0)) }
        return JournalReads.merge(
            accepted.map(Delivery.accepted),
            try duplicates.wait().rows.map { .duplicate(Self.duplicate(PostgresCells($0))) },
            try rejections.wait().rows.map { .rejected(Self.rejection(PostgresCells($0))) })
    }

    /// An `events` row selected with ``JournalReads/eventColumns`` (then `raw`).
    static func accepted(_ c: PostgresCells) -> AcceptedDelivery {
        let event = FaxEvent(
            hookID: c.text(2), hookEvent: c.text(1), eventTime: c.optionalText(4), target: c.optionalText(5),
            dataID: c.text(3), uid: c.optionalText(6), pages: c.optionalInt(7), from: c.optionalText(8),
            to: c.optionalText(9), startTime: c.optionalText(10), file: c.optionalText(11),
            fileName: c.optionalText(12), cost: c.optionalDouble(13), status: c.optionalText(14).map(FaxStatus.init(raw:)),
            raw: c.bytes(18))
        return AcceptedDelivery(seq: c.int64(0), event: event, receivedAt: c.int64(15), remote: c.text(16), attempt: c.int(17))
    }

    /// What a summary keeps (as ``SummaryReader`` reads it from SQLite).
    static let summaryColumns = """
        seq, hook_event, hook_id, data_id, event_time, pages, from_number, to_number,
        file_name, cost, status, received_at, remote, attempt
        """

    static func summary(_ c: PostgresCells) -> AcceptedDelivery {
        let event = FaxEvent(
            hookID: c.text(2), hookEvent: c.text(1), eventTime: c.optionalText(4), dataID: c.text(3),
            pages: c.optionalInt(5), from: c.optionalText(6), to: c.optionalText(7), fileName: c.optionalText(8),
            cost: c.optionalDouble(9), status: c.optionalText(10).map(FaxStatus.init(raw:)))
        return AcceptedDelivery(seq: c.int64(0), event: event, receivedAt: c.int64(11), remote: c.text(12), attempt: c.int(13))
    }

    static func duplicate(_ c: PostgresCells) -> DuplicateDelivery {
        DuplicateDelivery(seq: c.int64(0), eventSeq: c.int64(1), deliveryCount: c.int(2), receivedAt: c.int64(3), remote: c.text(4))
    }

    /// A `rejections` row selected with ``JournalReads/rejectionColumns``.
    static func rejection(_ c: PostgresCells) -> Rejection {
        Rejection(seq: c.int64(0), receivedAt: c.int64(1), remote: c.text(2), code: c.int(3), reason: c.text(4),
                  field: c.optionalText(5), method: c.text(6), path: c.text(7), body: c.bytes(8), bodyTruncated: c.bool(9))
    }

    /// The lowest sequence number stored and the last one handed out.
    static let bounds = """
        SELECT (SELECT min(m) FROM (SELECT min(seq) AS m FROM events
                UNION ALL SELECT min(seq) FROM duplicates UNION ALL SELECT min(seq) FROM rejections) AS t),
               last_seq
        FROM journal_head
        """
}
