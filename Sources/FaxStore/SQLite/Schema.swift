import GRDB

/// The journal's tables, as versioned migrations.
///
/// One sequence numbers every delivery: an event's `seq` is the seq of its first delivery, a repeat
/// gets a row in `duplicates`, a refused request a row in `rejections`. `store_meta.last_seq` keeps
/// the high-water mark so numbers are never reused after retention empties a table.
enum Schema {
    static let v1 = "v1: events, duplicates, rejections"
    static let v2 = "v2: events keyed by data_id first, one index"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(v1) { db in
            try db.execute(sql: """
                CREATE TABLE events (
                    seq INTEGER PRIMARY KEY,
                    hook_event TEXT NOT NULL,
                    hook_id TEXT NOT NULL,
                    data_id TEXT NOT NULL,
                    event_time TEXT,
                    target TEXT,
                    uid TEXT,
                    pages INTEGER,
                    from_number TEXT,
                    to_number TEXT,
                    start_time TEXT,
                    file TEXT,
                    file_name TEXT,
                    cost REAL,
                    status TEXT,
                    raw BLOB NOT NULL,
                    received_at INTEGER NOT NULL,
                    remote TEXT NOT NULL,
                    delivery_count INTEGER NOT NULL DEFAULT 1,
                    last_delivery_at INTEGER NOT NULL,
                    attempt INTEGER NOT NULL,
                    UNIQUE (hook_event, hook_id, data_id)
                );
                CREATE INDEX events_data_id ON events (data_id);
                CREATE TABLE duplicates (
                    seq INTEGER PRIMARY KEY,
                    event_seq INTEGER NOT NULL,
                    received_at INTEGER NOT NULL,
                    remote TEXT NOT NULL,
                    delivery_count INTEGER NOT NULL
                );
                CREATE INDEX duplicates_event_seq ON duplicates (event_seq);
                CREATE TABLE rejections (
                    seq INTEGER PRIMARY KEY,
                    received_at INTEGER NOT NULL,
                    remote TEXT NOT NULL,
                    code INTEGER NOT NULL,
                    reason TEXT NOT NULL,
                    field TEXT,
                    method TEXT NOT NULL,
                    path TEXT NOT NULL,
                    body BLOB NOT NULL,
                    body_truncated INTEGER NOT NULL
                );
                CREATE TABLE store_meta (
                    key TEXT PRIMARY KEY,
                    value INTEGER NOT NULL
                ) WITHOUT ROWID;
                INSERT INTO store_meta (key, value) VALUES ('last_seq', 0);
                """)
        }
        migrator.registerMigration(v2) { db in
            // One unique key led by `data_id` serves both the idempotency check and the retry-chain
            // lookup (`WHERE data_id = ?`), so each insert dirties one random index page, not two.
            // SQLite cannot drop a table's UNIQUE constraint, so the table is copied (once, at the
            // first start after upgrading). The old table's pages are zeroed as they are freed (this
            // SQLite's secure_delete): copies left in free pages would outlive the rows when
            // retention prunes them later, and they hold phone numbers.
            try db.execute(sql: """
                CREATE TABLE events_v2 (
                    seq INTEGER PRIMARY KEY,
                    hook_event TEXT NOT NULL,
                    hook_id TEXT NOT NULL,
                    data_id TEXT NOT NULL,
                    event_time TEXT,
                    target TEXT,
                    uid TEXT,
                    pages INTEGER,
                    from_number TEXT,
                    to_number TEXT,
                    start_time TEXT,
                    file TEXT,
                    file_name TEXT,
                    cost REAL,
                    status TEXT,
                    raw BLOB NOT NULL,
                    received_at INTEGER NOT NULL,
                    remote TEXT NOT NULL,
                    delivery_count INTEGER NOT NULL DEFAULT 1,
                    last_delivery_at INTEGER NOT NULL,
                    attempt INTEGER NOT NULL,
                    UNIQUE (data_id, hook_event, hook_id)
                );
                INSERT INTO events_v2 SELECT * FROM events ORDER BY seq;
                DROP TABLE events;
                ALTER TABLE events_v2 RENAME TO events;
                """)
        }
        return migrator
    }

    /// What opening a store written by an earlier faxtop will do first, or nil when it is quick:
    /// copying the events table takes about 15 s per million events.
    static func upgradeNotice(_ db: Database, minimumEvents: Int = 50_000) throws -> String? {
        let applied = try migrator.appliedIdentifiers(db)
        guard applied.contains(v1), !applied.contains(v2) else { return nil }
        let events = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0
        guard events >= minimumEvents else { return nil }
        return "upgrading the event database to the v2 layout, once (\(events) events, about 15 s per million)…"
    }

    /// The highest sequence number ever handed out.
    static func lastSeq(_ db: Database) throws -> Int64 {
        let stored = try Int64.fetchOne(db, sql: "SELECT value FROM store_meta WHERE key = 'last_seq'") ?? 0
        let inTables = try Int64.fetchOne(db, sql: """
            SELECT MAX(m) FROM (
                SELECT MAX(seq) AS m FROM events
                UNION ALL SELECT MAX(seq) FROM duplicates
                UNION ALL SELECT MAX(seq) FROM rejections)
            """) ?? 0
        return max(stored, inTables)
    }
}
