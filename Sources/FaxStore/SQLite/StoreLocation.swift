import FaxCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Where the journal lives on disk, and the permissions it gets there.
///
/// Payloads hold phone numbers, so the directory is created 0700 and the database file 0600
/// (SQLite gives its `-wal` and `-shm` files the database file's mode).
public enum StoreLocation {
    /// `$XDG_DATA_HOME/faxtop/events.sqlite`, or `~/.local/share/faxtop/events.sqlite` when
    /// `XDG_DATA_HOME` is unset or not absolute (as the XDG spec says to treat it).
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        XDGDirectory.data.faxtopDirectory(environment: environment) + "/events.sqlite"
    }

    /// Creates the database's directory (0700, with missing parents) and an empty database file
    /// (0600) if they do not exist yet. Existing directories and files keep their modes, unless `mode`
    /// is given (`--db-mode`): then the database file and its `-wal` and `-shm` get it, and a directory
    /// created here lets the same group in (0750).
    static func prepare(path: String, mode: mode_t? = nil) throws(StoreError) {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try makeDirectory(directory, mode: mode.map { $0 & 0o040 != 0 ? 0o750 : 0o700 } ?? 0o700)
        }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if fd >= 0 {
            if let mode {
                _ = fchmod(fd, mode)
                for suffix in ["-wal", "-shm"] { _ = chmod(path + suffix, mode) }
            }
            close(fd)
            return
        }
        let code = errno
        // A read-only file (or directory) is not fatal here: the store opens for reading and
        // reports the condition on the first write.
        if code == EACCES || code == EROFS || code == EPERM, access(path, R_OK) == 0 { return }
        throw StoreError(
            code == ENOSPC ? .diskFull : .unavailable,
            "cannot create \(path): \(String(cString: strerror(code)))")
    }

    private static func makeDirectory(_ directory: String, mode: mode_t) throws(StoreError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return }
            throw StoreError(.unavailable, "\(directory) exists and is not a directory")
        }
        let parent = (directory as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != directory {
            try makeDirectory(parent, mode: mode)
        }
        if mkdir(directory, mode) != 0, errno != EEXIST {
            throw StoreError(.unavailable, "cannot create directory \(directory): \(String(cString: strerror(errno)))")
        }
    }
}
