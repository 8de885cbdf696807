import FaxCore
import GRDB

extension SQLiteEventStore {
    /// Calls `body` with events and rejections in sequence order, `batchSize` sequence numbers at a
    /// time (constant memory), optionally only those that arrived at or after `since` (ms).
    public func forEachHistoryEntry(
        since: Int64?, batchSize: Int, _ body: ([HistoryEntry]) throws -> Void
    ) throws {
        let span = Int64(max(1, batchSize))
        let (first, last) = try read("reading history") { db in
            (try JournalReads.firstSeq(db), try Schema.lastSeq(db))
        }
        guard var next = first else { return }
        let since = since ?? .min
        while next <= last {
            let high = min(last, next + span - 1)
            let low = next
            let batch = try read("reading history") { db in try Self.historyEntries(low, high, since: since, db) }
            if !batch.isEmpty { try body(batch) }
            next = high + 1
        }
    }

    static func historyEntries(_ low: Int64, _ high: Int64, since: Int64, _ db: Database) throws -> [HistoryEntry] {
        let eventSQL = """
            SELECT \(JournalReads.eventColumns), raw, delivery_count, last_delivery_at FROM events
            WHERE seq BETWEEN ? AND ? AND received_at >= ? ORDER BY seq
            """
        var events: [HistoryEntry] = []
        let eventRows = try Row.fetchCursor(db.cachedStatement(sql: eventSQL), arguments: [low, high, since])
        while let row = try eventRows.next() {
            events.append(.event(StoredEvent(
                delivery: JournalReads.accepted(row, rawBodies: true),
                attempt: row[17], deliveryCount: row[19], lastDeliveryAt: row[20])))
        }
        let rejectionSQL = """
            SELECT \(JournalReads.rejectionColumns) FROM rejections
            WHERE seq BETWEEN ? AND ? AND received_at >= ? ORDER BY seq
            """
        var rejections: [HistoryEntry] = []
        let rejectionRows = try Row.fetchCursor(db.cachedStatement(sql: rejectionSQL), arguments: [low, high, since])
        while let row = try rejectionRows.next() {
            rejections.append(.rejection(JournalReads.rejection(row)))
        }
        if rejections.isEmpty { return events }
        var merged: [HistoryEntry] = []
        merged.reserveCapacity(events.count + rejections.count)
        var i = 0, j = 0
        while i < events.count || j < rejections.count {
            if j == rejections.count || (i < events.count && events[i].seq < rejections[j].seq) {
                merged.append(events[i]); i += 1
            } else {
                merged.append(rejections[j]); j += 1
            }
        }
        return merged
    }
}
