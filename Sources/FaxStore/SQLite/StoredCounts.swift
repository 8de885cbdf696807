import FaxCore
import GRDB

/// The row counts, kept in `store_meta` beside the rows they count.
///
/// Opening a store used to count its tables with `COUNT(*)`; with a million events and a cold page
/// cache that read the tables from disk, and opening took 2.8 s. The counts are written by every batch
/// in the batch's own transaction, with `counts_seq` set to the batch's last sequence number; they are
/// believed only while `counts_seq` equals the store's last sequence number. Changing rows any other
/// way (retention, the benchmark's bulk load) removes `counts_seq` first, so a crash mid-prune leaves counts that are recounted,
/// never wrong ones.
enum StoredCounts {
    static func read(_ db: Database, lastSeq: Int64) throws -> StoreTotals? {
        var values: [String: Int64] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT key, value FROM store_meta
            WHERE key IN ('count_events', 'count_duplicates', 'count_rejected', 'counts_seq')
            """) {
            values[row["key"]] = row["value"]
        }
        guard values["counts_seq"] == lastSeq, let events = values["count_events"],
              let duplicates = values["count_duplicates"], let rejected = values["count_rejected"]
        else { return nil }
        return StoreTotals(events: Int(events), deliveries: Int(events + duplicates), rejected: Int(rejected))
    }

    /// Stores the counts at `lastSeq`, and `lastSeq` as the high-water mark, in one statement (the
    /// writer runs it with every batch).
    static func write(_ totals: StoreTotals, lastSeq: Int64, _ db: Database) throws {
        var statement = BoundStatement(try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO store_meta (key, value) VALUES ('last_seq', ?1), ('counts_seq', ?1),
                ('count_events', ?2), ('count_duplicates', ?3), ('count_rejected', ?4)
            """))
        statement.bind(lastSeq)
        statement.bind(Int64(totals.events))
        statement.bind(Int64(totals.deliveries - totals.events))
        statement.bind(Int64(totals.rejected))
        try statement.run(db)
    }

    /// Rows are about to change outside a batch (pruned, bulk loaded): the stored counts stop being believed.
    static func invalidate(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM store_meta WHERE key = 'counts_seq'")
    }
}
