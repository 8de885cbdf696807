import FaxCore
import Foundation
import GRDB
import GRDBSQLite

/// The statements the writer runs inside a batch transaction, one delivery at a time.
///
/// Each runs in the batch's transaction, so a later copy of a key in the same batch already sees the
/// earlier one and is counted as a duplicate, exactly as if they had come in separate batches.
enum JournalWrites {
    static func insert(_ item: GroupCommitWriter.Item, seq: Int64, _ db: Database) throws -> (Delivery, GroupCommitWriter.Outcome) {
        switch item {
        case .event(let event, let receivedAt, let remote):
            return try insert(event, receivedAt: receivedAt, remote: remote, seq: seq, db)
        case .rejection(var rejection):
            rejection.seq = seq
            try insert(rejection, db)
            return (.rejected(rejection), .rejection(seq))
        }
    }

    static func insert(
        _ event: FaxEvent, receivedAt: Int64, remote: String, seq: Int64, _ db: Database
    ) throws -> (Delivery, GroupCommitWriter.Outcome) {
        // Insert first and look the key up only when it was already there: a new event (nearly
        // every delivery) then costs one index search, not two.
        let attempt = try attemptNumber(of: event, db)
        if try insertEvent(event, seq: seq, receivedAt: receivedAt, remote: remote, attempt: attempt, db) {
            let accepted = AcceptedDelivery(seq: seq, event: event, receivedAt: receivedAt, remote: remote, attempt: attempt)
            return (.accepted(accepted), .event(.accepted(seq: seq, attempt: attempt)))
        }
        var find = BoundStatement(try db.cachedStatement(
            sql: "SELECT seq FROM events WHERE data_id = ? AND hook_event = ? AND hook_id = ?"))
        find.bind(event.dataID)
        find.bind(event.hookEvent)
        find.bind(event.hookID)
        guard let eventSeq = try find.firstRow(db, columns: 1)?[0] else {
            throw DatabaseError(resultCode: .SQLITE_CONSTRAINT, message: "event \(event.dataID) neither inserted nor found")
        }
        var bump = BoundStatement(try db.cachedStatement(sql: """
            UPDATE events SET delivery_count = delivery_count + 1, last_delivery_at = ?
            WHERE seq = ? RETURNING delivery_count
            """))
        bump.bind(receivedAt)
        bump.bind(eventSeq)
        let count = Int(try bump.firstRow(db, columns: 1)?[0] ?? 2)
        var record = BoundStatement(try db.cachedStatement(sql: """
            INSERT INTO duplicates (seq, event_seq, received_at, remote, delivery_count) VALUES (?, ?, ?, ?, ?)
            """))
        record.bind(seq)
        record.bind(eventSeq)
        record.bind(receivedAt)
        record.bind(remote)
        record.bind(count)
        try record.run(db)
        let duplicate = DuplicateDelivery(
            seq: seq, eventSeq: eventSeq, deliveryCount: count, receivedAt: receivedAt, remote: remote)
        return (.duplicate(duplicate), .event(.duplicate(seq: eventSeq, deliveryCount: count)))
    }

    /// The attempt number from the attempts of the same fax session already stored (``ChainCounter``).
    static func attemptNumber(of event: FaxEvent, _ db: Database) throws -> Int {
        if event.isFirstAttempt { return 1 }
        let chain = try db.cachedStatement(sql: """
            SELECT COUNT(*), IFNULL(MAX(hook_id = data_id), 0) FROM events WHERE data_id = ?
            """)
        let row = try Row.fetchOne(chain, arguments: [event.dataID])
        var counter = ChainCounter(
            attemptsStored: row?[0] ?? 0,
            firstAttemptStored: (row?[1] as Int?) == 1)
        return counter.add(event)
    }

    /// Inserts the event unless its key is stored already; true when it was inserted.
    @discardableResult
    static func insertEvent(
        _ event: FaxEvent, seq: Int64, receivedAt: Int64, remote: String, attempt: Int, _ db: Database
    ) throws -> Bool {
        var insert = BoundStatement(try db.cachedStatement(sql: """
            INSERT INTO events (seq, hook_event, hook_id, data_id, event_time, target, uid, pages,
                from_number, to_number, start_time, file, file_name, cost, status, raw,
                received_at, remote, delivery_count, last_delivery_at, attempt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
            ON CONFLICT (data_id, hook_event, hook_id) DO NOTHING
            """))
        insert.bind(seq)
        insert.bind(event.hookEvent)
        insert.bind(event.hookID)
        insert.bind(event.dataID)
        insert.bind(event.eventTime)
        insert.bind(event.target)
        insert.bind(event.uid)
        insert.bind(event.pages)
        insert.bind(event.from)
        insert.bind(event.to)
        insert.bind(event.startTime)
        insert.bind(event.file)
        insert.bind(event.fileName)
        insert.bind(event.cost)
        insert.bind(event.status?.raw)
        insert.bind(blob: event.raw)
        insert.bind(receivedAt)
        insert.bind(remote)
        insert.bind(receivedAt)
        insert.bind(attempt)
        try insert.run(db)
        return sqlite3_changes(db.sqliteConnection) == 1
    }

    static func insert(_ rejection: Rejection, _ db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO rejections (seq, received_at, remote, code, reason, field, method, path, body, body_truncated)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [
            rejection.seq, rejection.receivedAt, rejection.remote, rejection.code, rejection.reason, rejection.field,
            rejection.method, rejection.path, Data(rejection.body), rejection.bodyTruncated,
        ])
    }

    static func setLastSeq(_ seq: Int64, _ db: Database) throws {
        try db.cachedStatement(sql: "UPDATE store_meta SET value = ? WHERE key = 'last_seq'").execute(arguments: [seq])
    }

    /// Runs `writes` in one `BEGIN IMMEDIATE … COMMIT`, rolled back when anything throws.
    ///
    /// The statements are prepared once per connection: GRDB's `inTransaction` parses `BEGIN` and
    /// `COMMIT` anew for every transaction, and the writer runs a couple of thousand a second.
    static func inBatchTransaction(_ db: Database, _ writes: () throws -> Void) throws {
        // A ROLLBACK that failed last time would leave the transaction open, and every BEGIN after it
        // would fail: end it first.
        if db.isInsideTransaction { try db.execute(sql: "ROLLBACK") }
        try db.cachedStatement(sql: "BEGIN IMMEDIATE").execute()
        do {
            try writes()
            try db.cachedStatement(sql: "COMMIT").execute()
        } catch {
            // The transaction may already be gone (SQLite rolls back by itself on some errors).
            if db.isInsideTransaction { try? db.execute(sql: "ROLLBACK") }
            throw error
        }
    }
}
