import GRDB
import GRDBSQLite

/// One run of a cached statement through SQLite's C API: reset, bind by position, step.
///
/// The writer inserts every delivery on its one thread, so each microsecond it spends per row caps
/// ingest; GRDB's `StatementArguments` built an array of boxed values and converted each one, which
/// cost about as much as SQLite's own insert. Values are bound here as the column types they are.
struct BoundStatement {
    private let statement: Statement
    private let handle: OpaquePointer
    private var index: Int32 = 0

    /// SQLite copies text and blobs bound with this destructor, so the Swift buffers may go away.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    init(_ statement: Statement) {
        self.statement = statement
        handle = statement.sqliteStatement
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    mutating func bind(_ value: Int64) {
        index += 1
        sqlite3_bind_int64(handle, index, value)
    }

    mutating func bind(_ value: Int?) {
        index += 1
        if let value { sqlite3_bind_int64(handle, index, Int64(value)) } else { sqlite3_bind_null(handle, index) }
    }

    mutating func bind(_ value: Double?) {
        index += 1
        if let value { sqlite3_bind_double(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    mutating func bind(_ value: String?) {
        index += 1
        guard var value else {
            sqlite3_bind_null(handle, index)
            return
        }
        let position = index
        value.withUTF8 { bytes in
            // A non-null pointer even for "", or SQLite would store NULL instead of an empty string.
            let start = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
            _ = start.withMemoryRebound(to: CChar.self, capacity: max(1, bytes.count)) { text in
                sqlite3_bind_text(handle, position, text, Int32(bytes.count), Self.transient)
            }
        }
    }

    mutating func bind(blob: [UInt8]) {
        index += 1
        let position = index
        _ = blob.withUnsafeBytes { bytes in
            // sqlite3_bind_blob with a null pointer binds NULL: an empty body is a zero-length blob.
            if bytes.isEmpty {
                sqlite3_bind_zeroblob(handle, position, 0)
            } else {
                sqlite3_bind_blob(handle, position, bytes.baseAddress, Int32(bytes.count), Self.transient)
            }
        }
    }

    /// Runs a statement that returns no rows.
    func run(_ db: Database) throws {
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else { throw error(code, db) }
        sqlite3_reset(handle)
    }

    /// Runs a statement and returns its first row's integer columns (nil when there is no row).
    func firstRow(_ db: Database, columns: Int32) throws -> [Int64]? {
        let code = sqlite3_step(handle)
        if code == SQLITE_DONE {
            sqlite3_reset(handle)
            return nil
        }
        guard code == SQLITE_ROW else { throw error(code, db) }
        let row = (0..<columns).map { sqlite3_column_int64(handle, $0) }
        sqlite3_reset(handle)
        return row
    }

    private func error(_ code: Int32, _ db: Database) -> DatabaseError {
        let error = SQLiteColumns.stepError(code, db, sql: statement.sql)
        sqlite3_reset(handle)
        return error
    }
}
