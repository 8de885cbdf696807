import GRDB
import GRDBSQLite

/// Column reads and step failures for the statements faxtop drives through SQLite's C API
/// (``SummaryReader``, ``SummaryScan``, ``BoundStatement``), where GRDB's typed rows cost too much.
enum SQLiteColumns {
    @inline(__always) static func isNull(_ s: OpaquePointer, _ column: Int32) -> Bool {
        sqlite3_column_type(s, column) == SQLITE_NULL
    }

    /// The column's UTF-8 bytes in SQLite's own buffer (valid until the next step); empty for NULL.
    @inline(__always) static func bytes(_ s: OpaquePointer, _ column: Int32) -> UnsafeBufferPointer<UInt8> {
        let bytes = sqlite3_column_text(s, column)
        return UnsafeBufferPointer(start: bytes, count: bytes == nil ? 0 : Int(sqlite3_column_bytes(s, column)))
    }

    @inline(__always) static func optionalBytes(_ s: OpaquePointer, _ column: Int32) -> UnsafeBufferPointer<UInt8>? {
        isNull(s, column) ? nil : bytes(s, column)
    }

    /// The error for a step that returned `code`, as GRDB would have thrown it (so ``StoreError`` maps it).
    static func stepError(_ code: Int32, _ db: Database, sql: String) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code),
                      message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
    }
}
