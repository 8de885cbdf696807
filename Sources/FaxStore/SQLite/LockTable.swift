import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The kernel's table of file locks (`/proc/locks`), read to learn who holds a `flock` without
/// touching the lock.
enum LockTable {
    /// Whether `pid` holds an exclusive `flock` on a file with `inode`.
    ///
    /// Lines read `1: FLOCK  ADVISORY  WRITE 4242 08:01:1310722 0 EOF`: the pid, then the device as
    /// major:minor and the inode. The device is not compared: the kernel prints the filesystem's, which
    /// on btrfs and overlayfs is not the one `stat` reports; the pid (from the lock file) and the inode
    /// together are specific enough.
    static func holds(pid: Int32, inode: UInt64, table: String? = nil) -> Bool {
        guard let text = table ?? readAll("/proc/locks") else { return false }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            // A blocked waiter's line starts with "->" and shifts the fields by one.
            guard fields.count >= 6, fields[1] == "FLOCK", fields[3] == "WRITE", Int32(fields[4]) == pid else { continue }
            let id = fields[5].split(separator: ":")
            if id.count == 3, UInt64(id[2]) == inode { return true }
        }
        return false
    }

    /// The whole of a /proc file: it reports a size of 0, and Foundation's file reading stopped at the
    /// first 4 KiB, where a busy machine's lock table goes on.
    static func readAll(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(fd, &chunk, chunk.count)
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
