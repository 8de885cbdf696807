import CSQLiteWALBuffer
import GRDBSQLite

/// The writer's connection opens a `file:` URI naming the WAL-buffering VFS (`CSQLiteWALBuffer`), so
/// each commit reaches the OS as one write instead of two per page.
///
/// The buffer is safe only while every frame is written by a commit that syncs the WAL before other
/// connections can see it: the VFS passes writes straight through until ``enableBuffering(_:)``,
/// which checks that the level is FULL and the device has powersafe overwrite, and turns cache
/// spilling off (see WALBufferVFS.c). At any other level, or with a SQLite that does not read URI
/// filenames (which would create a file literally named `file:…`), the plain path and default VFS.
enum WALBufferFilename {
    static func forWriter(path: String, synchronous: SQLiteEventStore.Synchronous) -> String {
        guard synchronous == .full, sqlite3_compileoption_used("USE_URI") == 1,
              let vfs = faxtop_wal_buffer_vfs_register()
        else { return path }
        return "file:\(uriPath(path))?vfs=\(String(cString: vfs))"
    }

    /// `path` as the path part of a SQLite URI: `%`, `?` and `#` escaped (SQLite decodes `%HH`), and
    /// an absolute path kept to one leading slash, since `file://x` would name a host.
    static func uriPath(_ path: String) -> String {
        var escaped = ""
        for character in path.unicodeScalars {
            switch character {
            case "%": escaped += "%25"
            case "?": escaped += "%3F"
            case "#": escaped += "%23"
            default: escaped.unicodeScalars.append(character)
            }
        }
        while escaped.hasPrefix("//") { escaped.removeFirst() }
        return escaped
    }

    /// Starts buffering `connection`'s WAL writes if it syncs every commit (and turns its cache
    /// spilling off); false when it does not, or was not opened through the VFS, and writes go
    /// straight through.
    @discardableResult
    static func enableBuffering(_ connection: OpaquePointer) -> Bool {
        faxtop_wal_buffer_enable(UnsafeMutableRawPointer(connection)) == 1
    }

    static func isBuffering(_ connection: OpaquePointer) -> Bool {
        faxtop_wal_buffer_is_enabled(UnsafeMutableRawPointer(connection)) == 1
    }

    /// The VFS the connection's main database was opened with (tests).
    static func vfsName(of connection: OpaquePointer) -> String? {
        faxtop_vfs_name_of(UnsafeMutableRawPointer(connection)).map { String(cString: $0) }
    }
}
