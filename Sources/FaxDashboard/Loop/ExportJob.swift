import FaxCore
import FaxStore
import Foundation
import Synchronization

/// An `:export` running on a thread of its own, so that writing a million rows does not stop the
/// screen: it reads the store as `faxtop export --filter` does (the same filter, the same rows), writes
/// the file, and leaves a line for the status bar, waking the UI when done.
final class ExportJob: Sendable {
    private let outcome = Mutex<String?>(nil)

    /// The status line's words once the export has finished (nil while it runs), taken once.
    func takeOutcome() -> String? {
        outcome.withLock { value in
            defer { value = nil }
            return value
        }
    }

    init(_ request: ExportRequest, store: any EventStore, wake: WakePipe) {
        let thread = Thread {
            let words = Self.run(request, store: store)
            self.outcome.withLock { $0 = words }
            wake.signal()
        }
        thread.name = "faxtop export"
        thread.start()
    }

    private static func run(_ request: ExportRequest, store: any EventStore) -> String {
        let path = (request.path as NSString).expandingTildeInPath
        // 0600, like the journal: the rows hold phone numbers. Without `!`, an existing file is kept.
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (request.overwrite ? O_TRUNC : O_EXCL)
        let fd = open(path, flags, 0o600)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            return errno == EEXIST ? "\(request.path) exists: :export! \(request.path) replaces it"
                                   : "cannot write \(request.path): \(reason)"
        }
        defer { close(fd) }
        let format: HistoryExporter.Format = request.format == .csv ? .csv : .jsonl
        do {
            let count = try HistoryExporter(store: store).export(format: format, filter: request.filter) { text in
                try Self.write(Array(text.utf8), to: fd)
            }
            let filtered = request.filter.isEmpty ? "" : " matching \(request.filter.query)"
            return "exported \(count) rows\(filtered) to \(request.path) (\(request.format.rawValue.uppercased()))"
        } catch {
            return "export to \(request.path) failed: \(error)"
        }
    }

    private static func write(_ bytes: [UInt8], to fd: Int32) throws {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBufferPointer { Foundation.write(fd, $0.baseAddress! + written, $0.count - written) }
            if n > 0 { written += n } else if n < 0, errno == EINTR { continue } else {
                throw ExportWriteError(reason: String(cString: strerror(errno)))
            }
        }
    }

    struct ExportWriteError: Error, CustomStringConvertible {
        let reason: String
        var description: String { reason }
    }
}
