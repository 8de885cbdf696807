import FaxCore
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
    private let format: Format
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info
    let label: String

    /// `text`: `2026-12-03T10:00:00Z info faxtop: message key=value`; `json`: one object per line
    /// (`{"time":…,"level":…,"label":…,"message":…,"metadata":{…}}`) for log shippers.
    enum Format: String, CaseIterable, Sendable {
        case text, json
    }

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

    init(label: String, sink: Sink, format: Format = .text) {
        self.label = label
        self.sink = sink
        self.format = format
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let time = ISO8601DateFormatter().string(from: Date())
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        switch format {
        case .text:
            var line = "\(time) \(event.level) \(label): \(event.message)"
            if !merged.isEmpty { line += " " + merged.map { "\($0)=\($1)" }.sorted().joined(separator: " ") }
            sink.write(line + "\n")
        case .json:
            var line = "{\"time\":\(JSONText.quote(time)),\"level\":\(JSONText.quote("\(event.level)")),"
                + "\"label\":\(JSONText.quote(label)),\"message\":\(JSONText.quote("\(event.message)"))"
            if !merged.isEmpty {
                let fields = merged.map { "\(JSONText.quote($0)):\(JSONText.quote("\($1)"))" }.sorted()
                line += ",\"metadata\":{" + fields.joined(separator: ",") + "}"
            }
            sink.write(line + "}\n")
        }
    }
}
