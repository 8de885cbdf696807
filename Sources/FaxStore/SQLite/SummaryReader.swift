import FaxCore
import GRDB
import GRDBSQLite

/// Reads event summaries (no raw body, none of the columns the dashboard does not keep) straight off
/// SQLite's column API.
///
/// Start-up reads every stored event: through GRDB's `Row`, each of a million rows paid for generic
/// value conversion column by column, which made reading history slower than building the dashboard
/// from it. Here each column is read as the type the schema gives it.
enum SummaryReader {
    static let sql = """
        SELECT seq, hook_event, hook_id, data_id, event_time, pages, from_number, to_number,
        file_name, cost, status, received_at, remote, attempt
        FROM events WHERE seq BETWEEN ? AND ? ORDER BY seq
        """

    static func events(_ low: Int64, _ high: Int64, _ db: Database) throws -> [AcceptedDelivery] {
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments([low, high])
        let s = statement.sqliteStatement
        var result: [AcceptedDelivery] = []
        result.reserveCapacity(Int(max(0, min(high - low + 1, 1 << 20))))
        while true {
            let code = sqlite3_step(s)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw SQLiteColumns.stepError(code, db, sql: sql)
            }
            let status = optionalText(s, 10)
            let event = FaxEvent(
                hookID: text(s, 2), hookEvent: text(s, 1), eventTime: optionalText(s, 4), dataID: text(s, 3),
                pages: isNull(s, 5) ? nil : Int(sqlite3_column_int64(s, 5)),
                from: optionalText(s, 6), to: optionalText(s, 7), fileName: optionalText(s, 8),
                cost: isNull(s, 9) ? nil : sqlite3_column_double(s, 9),
                status: status.map(FaxStatus.init(raw:)))
            result.append(AcceptedDelivery(
                seq: sqlite3_column_int64(s, 0), event: event, receivedAt: sqlite3_column_int64(s, 11),
                remote: text(s, 12), attempt: Int(sqlite3_column_int64(s, 13))))
        }
        return result
    }

    @inline(__always) private static func isNull(_ s: OpaquePointer, _ column: Int32) -> Bool {
        SQLiteColumns.isNull(s, column)
    }

    @inline(__always) private static func text(_ s: OpaquePointer, _ column: Int32) -> String {
        String(decoding: SQLiteColumns.bytes(s, column), as: UTF8.self)
    }

    @inline(__always) private static func optionalText(_ s: OpaquePointer, _ column: Int32) -> String? {
        isNull(s, column) ? nil : text(s, column)
    }
}
