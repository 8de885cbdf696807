import FaxCore
import Foundation
import GRDB

/// Reading deliveries back, by sequence range, from the three tables merged in sequence order.
enum JournalReads {
    static let eventColumns = """
        seq, hook_event, hook_id, data_id, event_time, target, uid, pages, from_number, to_number,
        start_time, file, file_name, cost, status, received_at, remote, attempt
        """

    /// Deliveries with `low <= seq <= high`, in sequence order.
    static func deliveries(_ low: Int64, _ high: Int64, rawBodies: Bool, _ db: Database) throws -> [Delivery] {
        let events = try self.events(low, high, rawBodies: rawBodies, db)
        let duplicates = try self.duplicates(low, high, db)
        let rejections = try self.rejections(low, high, db)
        return merge(events.map(Delivery.accepted), duplicates.map(Delivery.duplicate), rejections.map(Delivery.rejected))
    }

    static func events(_ low: Int64, _ high: Int64, rawBodies: Bool, _ db: Database) throws -> [AcceptedDelivery] {
        // Summaries (no raw body, no columns the dashboard does not keep) have a faster reader.
        if !rawBodies { return try SummaryReader.events(low, high, db) }
        let sql = "SELECT \(eventColumns), raw FROM events WHERE seq BETWEEN ? AND ? ORDER BY seq"
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: [low, high])
        var result: [AcceptedDelivery] = []
        while let row = try cursor.next() {
            result.append(accepted(row, rawBodies: rawBodies))
        }
        return result
    }

    /// An `events` row selected with ``eventColumns`` (then `raw` when `rawBodies`).
    static func accepted(_ row: Row, rawBodies: Bool) -> AcceptedDelivery {
        let raw: [UInt8] = rawBodies ? bytes(row, 18) : []
        let event = FaxEvent(
            hookID: text(row, 2), hookEvent: text(row, 1), eventTime: optionalText(row, 4), target: optionalText(row, 5),
            dataID: text(row, 3), uid: optionalText(row, 6), pages: row[7], from: optionalText(row, 8),
            to: optionalText(row, 9), startTime: optionalText(row, 10), file: optionalText(row, 11),
            fileName: optionalText(row, 12), cost: row[13], status: optionalText(row, 14).map(FaxStatus.init(raw:)), raw: raw)
        return AcceptedDelivery(seq: row[0], event: event, receivedAt: row[15], remote: text(row, 16), attempt: row[17])
    }

    /// A text column whole. GRDB reads text as a C string, which ends at the first NUL, and JSON
    /// strings may hold `\u0000`: two ids differing after it read back the same.
    static func text(_ row: Row, _ index: Int) -> String {
        (try? row.withUnsafeData(atIndex: index) { data in data.map { String(decoding: $0, as: UTF8.self) } }) ?? ""
    }

    static func optionalText(_ row: Row, _ index: Int) -> String? {
        row.hasNull(atIndex: index) ? nil : text(row, index)
    }

    static func duplicates(_ low: Int64, _ high: Int64, _ db: Database) throws -> [DuplicateDelivery] {
        let sql = """
            SELECT seq, event_seq, delivery_count, received_at, remote FROM duplicates
            WHERE seq BETWEEN ? AND ? ORDER BY seq
            """
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: [low, high])
        var result: [DuplicateDelivery] = []
        while let row = try cursor.next() {
            result.append(DuplicateDelivery(
                seq: row[0], eventSeq: row[1], deliveryCount: row[2], receivedAt: row[3], remote: text(row, 4)))
        }
        return result
    }

    static let rejectionColumns = "seq, received_at, remote, code, reason, field, method, path, body, body_truncated"

    static func rejections(_ low: Int64, _ high: Int64, _ db: Database) throws -> [Rejection] {
        let sql = "SELECT \(rejectionColumns) FROM rejections WHERE seq BETWEEN ? AND ? ORDER BY seq"
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: [low, high])
        var result: [Rejection] = []
        while let row = try cursor.next() {
            result.append(rejection(row))
        }
        return result
    }

    /// A `rejections` row selected with ``rejectionColumns``.
    static func rejection(_ row: Row) -> Rejection {
        Rejection(
            seq: row[0], receivedAt: row[1], remote: text(row, 2), code: row[3], reason: text(row, 4),
            field: optionalText(row, 5), method: text(row, 6), path: text(row, 7), body: bytes(row, 8), bodyTruncated: row[9])
    }

    static func bytes(_ row: Row, _ index: Int) -> [UInt8] {
        (try? row.withUnsafeData(atIndex: index) { data in data.map { [UInt8]($0) } }) ?? []
    }

    static func rawBody(seq: Int64, _ db: Database) throws -> [UInt8]? {
        if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT raw FROM events WHERE seq = ?"), arguments: [seq]) {
            return bytes(row, 0)
        }
        if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT body FROM rejections WHERE seq = ?"), arguments: [seq]) {
            return bytes(row, 0)
        }
        return nil
    }

    /// The lowest sequence number still stored (after retention), or nil when empty.
    static func firstSeq(_ db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: """
            SELECT MIN(m) FROM (
                SELECT MIN(seq) AS m FROM events
                UNION ALL SELECT MIN(seq) FROM duplicates
                UNION ALL SELECT MIN(seq) FROM rejections)
            """)
    }

    /// Merges three lists, each sorted by seq, into one.
    static func merge(_ a: [Delivery], _ b: [Delivery], _ c: [Delivery]) -> [Delivery] {
        if b.isEmpty && c.isEmpty { return a }
        var result: [Delivery] = []
        result.reserveCapacity(a.count + b.count + c.count)
        var i = 0, j = 0, k = 0
        while i < a.count || j < b.count || k < c.count {
            let sa = i < a.count ? a[i].seq : .max
            let sb = j < b.count ? b[j].seq : .max
            let sc = k < c.count ? c[k].seq : .max
            if sa <= sb && sa <= sc {
                result.append(a[i]); i += 1
            } else if sb <= sc {
                result.append(b[j]); j += 1
            } else {
                result.append(c[k]); k += 1
            }
        }
        return result
    }
}
