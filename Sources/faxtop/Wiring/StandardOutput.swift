import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes to standard output, reporting a failure as an error. `FileHandle.write` stops the process
/// with a crash report instead: `faxtop export > file` on a full disk, a reader that went away while
/// SIGPIPE is ignored (SwiftNIO ignores it in `watch`).
enum StandardOutput {
    struct WriteError: Error, CustomStringConvertible {
        let code: Int32
        var description: String { "cannot write to standard output: \(String(cString: strerror(code)))" }
    }

    static func write(_ text: String) throws(WriteError) {
        var text = text
        let failure: Int32? = text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(STDOUT_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written >= 0 {
                    offset += written
                } else if errno == EINTR {
                    continue
                } else if errno == EAGAIN {
                    // Standard output shared with a process that made it non-blocking: wait until it drains.
                    var ready = pollfd(fd: STDOUT_FILENO, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&ready, 1, 1_000)
                } else {
                    return errno
                }
            }
            return nil
        }
        if let failure { throw WriteError(code: failure) }
    }
}
