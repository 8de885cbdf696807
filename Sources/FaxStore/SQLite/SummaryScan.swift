import FaxCore
import GRDB
import GRDBSQLite

/// History for start-up as column bytes read in place (the history-summary part of ``EventStore``).
extension SQLiteEventStore {
    /// One read transaction for the whole scan: a reader holds no rows between steps, so memory stays
    /// flat, and the scan sees one snapshot.
    public func forEachEventSummary(
        through last: Int64, columns: EventSummaryColumns, _ body: (EventSummaryBytes) throws -> Void
    ) throws {
        let fields = SummaryScan.fields(columns)
        let sql = "SELECT \(fields.map(\.rawValue).joined(separator: ", ")) FROM events WHERE seq <= ? ORDER BY seq"
        try read("reading history") { db in
            let statement = try db.makeStatement(sql: sql)
            try statement.setArguments([last])
            try SummaryScan.rows(statement, fields, db, body)
            if columns == .derived {
                // This scan runs beside the feed's, on a second connection that has now mapped the
                // whole file as well: unmapping it keeps the file resident once, not twice. Later reads
                // map again only the pages they touch.
                try db.execute(sql: "PRAGMA mmap_size = 0")
                try db.execute(sql: "PRAGMA mmap_size = \(Self.readerMapSize)")
            }
        }
    }

    public func duplicates(through last: Int64) throws -> [DuplicateDelivery] {
        try read("reading history") { db in try JournalReads.duplicates(1, last, db) }
    }

    public func rejectionSummaries(through last: Int64) throws -> [Rejection] {
        try read("reading history") { db in
            let sql = "SELECT seq, received_at, remote, code, reason FROM rejections WHERE seq <= ? ORDER BY seq"
            let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: [last])
            var result: [Rejection] = []
            while let row = try cursor.next() {
                result.append(Rejection(seq: row[0], receivedAt: row[1], remote: row[2], code: row[3], reason: row[4]))
            }
            return result
        }
    }
}

/// Steps a statement over `events` and hands each row's columns out as bytes.
enum SummaryScan {
    enum Field: String {
        case seq, hookEvent = "hook_event", hookID = "hook_id", dataID = "data_id", eventTime = "event_time", pages
        case from = "from_number", to = "to_number", fileName = "file_name", cost, status
        case receivedAt = "received_at", remote
    }

    static func fields(_ columns: EventSummaryColumns) -> [Field] {
        switch columns {
        case .feed: [.seq, .hookEvent, .hookID, .dataID, .eventTime, .pages, .from, .to, .fileName, .cost, .status,
                     .receivedAt, .remote]
        case .derived: [.seq, .hookEvent, .hookID, .dataID, .pages, .from, .to, .fileName, .cost, .status, .receivedAt]
        }
    }

    static func rows(_ statement: Statement, _ fields: [Field], _ db: Database,
                     _ body: (EventSummaryBytes) throws -> Void) throws {
        let s = statement.sqliteStatement
        var row = EventSummaryBytes()
        while true {
            let code = sqlite3_step(s)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw SQLiteColumns.stepError(code, db, sql: statement.sql)
            }
            for index in fields.indices {
                let column = Int32(index)
                switch fields[index] {
                case .seq: row.seq = sqlite3_column_int64(s, column)
                case .receivedAt: row.receivedAt = sqlite3_column_int64(s, column)
                case .hookEvent: row.hookEvent = SQLiteColumns.bytes(s, column)
                case .hookID: row.hookID = SQLiteColumns.bytes(s, column)
                case .dataID: row.dataID = SQLiteColumns.bytes(s, column)
                case .remote: row.remote = SQLiteColumns.bytes(s, column)
                // A NULL and an empty text make the same record for these (and save a call per row).
                case .eventTime: row.eventTime = SQLiteColumns.bytes(s, column)
                case .from: row.from = SQLiteColumns.bytes(s, column)
                case .to: row.to = SQLiteColumns.bytes(s, column)
                case .fileName: row.fileName = SQLiteColumns.bytes(s, column)
                case .status: row.status = SQLiteColumns.optionalBytes(s, column)
                // NULL reads as 0 (SQLite's own conversion), as the dashboard counts a missing number.
                case .pages: row.pages = sqlite3_column_int64(s, column)
                case .cost: row.cost = sqlite3_column_double(s, column)
                }
            }
            try body(row)
        }
    }
}
