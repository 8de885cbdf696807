#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// An exclusive `flock` on `<database>.lock`, held by the one faxtop that writes the database.
///
/// SQLite alone would let two writers share the file safely, but two receivers numbering the same
/// sequence would each hand their UI half the deliveries; so a second faxtop is refused clearly
/// instead. Readers (`faxtop export`) take no lock. The kernel drops the lock when the process
/// dies, so a crash never leaves a stale lock behind; the pid in the file is only for the message.
///
/// The database file itself is locked too (`flock` on its own descriptor, which follows the file
/// through hard and symbolic links): a second faxtop opening it by another name would take another
/// `.lock`, and through a hard link SQLite would even keep a second WAL for the same file. (`flock`
/// and SQLite's `fcntl` locks do not interfere. Closing this descriptor would drop SQLite's `fcntl`
/// locks on the file, so it is closed only after the store's connections, when the store closes.)
final class StoreLock: Sendable {
    private let fd: Int32
    private let databaseFD: Int32
    let path: String

    init(databasePath: String, mode: mode_t? = nil) throws(StoreError) {
        path = databasePath + ".lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let code = errno
            // A lock file we cannot create (read-only directory) is no reason to refuse to start;
            // SQLite's own locking still keeps the file safe.
            if code == EACCES || code == EROFS || code == EPERM {
                self.fd = -1
                self.databaseFD = -1
                return
            }
            throw StoreError(.unavailable, "cannot open \(path): \(String(cString: strerror(code)))")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = Self.readPID(fd)
            close(fd)
            let who = holder.map { " (pid \($0))" } ?? ""
            throw StoreError(.locked, "database \(databasePath) is in use by another faxtop\(who)")
        }
        // Created here if new (SQLite starts a database in an empty file), so there is a file to lock.
        let databaseFD = open(databasePath, O_RDONLY | O_CREAT | O_CLOEXEC, 0o600)
        if databaseFD >= 0, flock(databaseFD, LOCK_EX | LOCK_NB) != 0 {
            close(databaseFD)
            close(fd)
            throw StoreError(.locked, "database \(databasePath) is in use by another faxtop (which opened it by another name, through a link)")
        }
        self.fd = fd
        // Attached dashboards read who holds the lock from this file, so it follows the journal's mode
        // (set only by the holder: a refused second faxtop leaves it alone).
        if let mode { _ = fchmod(fd, mode) }
        // A file that cannot be opened here (no permission) is SQLite's to report.
        self.databaseFD = databaseFD
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    /// Writes who holds the lock into the lock file, for followers (``holder(databasePath:)``): the pid
    /// on the first line, as always, then the receiver's announcement.
    func announce(_ presence: ReceiverPresence) {
        guard fd >= 0 else { return }
        let text = "\(getpid())\n" + PresenceText.encode(presence) + "\n"
        // Written over the old text, then cut to length: a follower never reads an empty file.
        let length = text.withCString { pwrite(fd, $0, strlen($0), 0) }
        if length > 0 { _ = ftruncate(fd, off_t(length)) }
    }

    /// The receiver holding the lock on `databasePath`'s journal, or nil when nobody does.
    ///
    /// Whether the lock is held is read from `/proc/locks` rather than by trying to take it: a follower
    /// that took the lock even for a moment, once a second, could make a starting receiver fail with
    /// "in use by another faxtop". The kernel drops the lock when its holder dies (kill -9 included).
    static func holder(databasePath: String) -> ReceiverPresence? {
        let path = databasePath + ".lock"
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard let pid = lines.first.flatMap({ Int32($0.trimmingCharacters(in: .whitespaces)) }),
              LockTable.holds(pid: pid, inode: UInt64(info.st_ino)) else { return nil }
        if lines.count >= 2, var presence = PresenceText.decode(String(lines[1])) {
            presence.pid = pid
            return presence
        }
        return ReceiverPresence(pid: pid, url: "", startedAt: 0, mode: "")
    }

    /// The database file locked (nil when it could not be opened here).
    var databaseIdentity: DatabaseFileWatch.Identity? { DatabaseFileWatch.identity(ofDescriptor: databaseFD) }

    deinit {
        if databaseFD >= 0 {
            flock(databaseFD, LOCK_UN)
            close(databaseFD)
        }
        if fd >= 0 {
            flock(fd, LOCK_UN)
            close(fd)
        }
    }

    private static func readPID(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 31, 0) }
        guard count > 0 else { return nil }
        // The first line: a receiver's announcement follows it (``announce(_:)``).
        let text = String(decoding: buffer[0..<count], as: UTF8.self)
        return text.split(separator: "\n").first.flatMap { Int32($0.trimmingCharacters(in: .whitespaces)) }
    }
}
