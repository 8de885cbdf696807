import Foundation
import Logging
import Synchronization

/// swift-log handler that appends lines to a file: in UI mode the log must not touch the screen.
///
/// Headless, it writes to stderr instead of swift-log's `StreamLogHandler`, which re-renders all of its
/// metadata whenever a key is set; Hummingbird sets a request id on every request, so that cost was
/// paid per webhook even though nothing was logged. Here metadata is only rendered for a line written.
struct FileLogHandler: LogHandler {
    private let sink: Sink
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info
    let label: String

    final class Sink: Sendable {
        private let handle: Mutex<FileHandle?>

        init(path: String) {
            let url = URL(fileURLWithPath: path)
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                     attributes: [.posixPermissions: 0o700])
            if !FileManager.default.fileExists(atPath: path) {
                _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
            }
            let handle = FileHandle(forWritingAtPath: path)
            _ = try? handle?.seekToEnd()
            self.handle = Mutex(handle)
        }

        init(handle: FileHandle) {
            self.handle = Mutex(handle)
        }

        static let standardError = Sink(handle: .standardError)

        func write(_ line: String) {
            handle.withLock { _ = try? $0?.write(contentsOf: Data(line.utf8)) }
        }
    }

    init(label: String, sink: Sink) {
        self.label = label
        self.sink = sink
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let time = ISO8601DateFormatter().string(from: Date())
        var line = "\(time) \(event.level) \(label): \(event.message)"
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        if !merged.isEmpty { line += " " + merged.map { "\($0)=\($1)" }.sorted().joined(separator: " ") }
        sink.write(line + "\n")
    }
}
