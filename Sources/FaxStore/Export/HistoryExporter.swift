import FaxCore

/// Writes the journal's history as JSONL or CSV, streaming: memory stays at one batch of rows.
///
/// ```swift
/// let store = try SQLiteEventStore(path: path, options: .init(readOnly: true))
/// try HistoryExporter(store: store).export(format: .jsonl, filter: filter, since: sinceMs) { text in
///     try output.write(text)  // a write that throws on failure (`faxtop export`: `StandardOutput`)
/// }
/// ```
public struct HistoryExporter: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        /// One JSON object per line: faxtop's fields plus the payload as sent (`"payload":{...}`);
        /// rejections as `"kind":"rejected"` lines.
        case jsonl
        /// RFC 4180: a header row, CRLF line ends, fields quoted when they hold `,` `"` CR or LF.
        case csv
    }

    public let store: any EventStore
    /// Rows read per batch (and text handed to `write` per call).
    public var batchSize: Int

    public init(store: any EventStore, batchSize: Int = 2_000) {
        self.store = store
        self.batchSize = batchSize
    }

    /// Streams history to `write`, a chunk of complete lines at a time, and returns the number of
    /// records written. `filter` is the dashboard's query language (`FilterParser.parse`); `since`
    /// keeps what arrived at or after that time (milliseconds since 1970, UTC).
    @discardableResult
    public func export(
        format: Format, filter: Filter = .all, since: Int64? = nil, write: (String) throws -> Void
    ) throws -> Int {
        var count = 0
        if format == .csv { try write(CSVRow.header) }
        try store.forEachHistoryEntry(since: since, batchSize: batchSize) { entries in
            var chunk = ""
            for entry in entries where Self.matches(filter, entry) {
                switch format {
                case .jsonl: chunk += JSONLRow.line(entry)
                case .csv: chunk += CSVRow.line(entry)
                }
                count += 1
            }
            if !chunk.isEmpty { try write(chunk) }
        }
        return count
    }

    static func matches(_ filter: Filter, _ entry: HistoryEntry) -> Bool {
        if filter.isEmpty { return true }
        switch entry {
        case .event(let stored): return filter.matches(FeedRecord(stored.delivery, deliveryCount: stored.deliveryCount))
        case .rejection(let rejection): return filter.matches(FeedRecord(rejection))
        }
    }
}
