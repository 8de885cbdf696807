#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Notices the database file being deleted or replaced while faxtop runs.
///
/// SQLite keeps writing to the file it opened, so after `rm events.sqlite` (or a `mv` over it) every
/// webhook would still be answered 200 and then be gone at exit. The writer checks before and after
/// each batch that the path still names the file locked at start (device and inode) and otherwise
/// answers 503 with this failure; it does not open the path again, which would start an empty store
/// under numbers the dashboard already shows. Putting the file back clears the failure.
final class DatabaseFileWatch: @unchecked Sendable {
    struct Identity: Equatable {
        let device: UInt64
        let inode: UInt64
    }

    let path: String
    // Touched only on the writer's queue.
    private var opened: Identity?

    /// `identity`: the file as it was when the store took its lock (from ``StoreLock``), so the watch
    /// holds even when the writer's first open fails; nil to take the file the writer first opens.
    init(path: String, identity: Identity? = nil) {
        self.path = path
        self.opened = identity
    }

    static func identity(of path: String) -> Identity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    static func identity(ofDescriptor fd: Int32) -> Identity? {
        var info = stat()
        guard fd >= 0, fstat(fd, &info) == 0 else { return nil }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// After the writer opened the file: the first file opened is the one to keep writing.
    func didOpen() {
        if opened == nil { opened = Self.identity(of: path) }
    }

    /// Throws when the path no longer names the file first opened.
    func check() throws(StoreError) {
        guard let opened else { return }
        switch Self.identity(of: path) {
        case opened:
            return
        case nil:
            throw StoreError(.unavailable, "\(path) was deleted while faxtop ran; put it back, or restart faxtop to start a new one")
        default:
            throw StoreError(.unavailable, "\(path) was replaced by another file while faxtop ran; restart faxtop to use it")
        }
    }
}
