import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The kernel's table of file locks (`/proc/locks`), read to learn who holds a `flock` without
/// touching the lock.
enum LockTable {
    /// The pid holding an exclusive `flock` on the file with `inode` on `device`, if any.
    ///
    /// Lines read `1: FLOCK  ADVISORY  WRITE 4242 08:01:1310722 0 EOF`: the device as hexadecimal
    /// major:minor, then the inode in decimal.
    static func flockHolder(inode: UInt64, device: UInt64, table: String? = nil) -> Int32? {
        guard let text = table ?? readAll("/proc/locks") else { return nil }
        let major = (device >> 8) & 0xFFF, minor = (device & 0xFF) | ((device >> 12) & 0xFFF00)
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            // A blocked waiter's line starts with "->" and shifts the fields by one.
            guard fields.count >= 6, fields[1] == "FLOCK", fields[3] == "WRITE" else { continue }
            let id = fields[5].split(separator: ":")
            guard id.count == 3, UInt64(id[2]) == inode,
                  UInt64(id[0], radix: 16) == major, UInt64(id[1], radix: 16) == minor else { continue }
            return Int32(fields[4])
        }
        return nil
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
