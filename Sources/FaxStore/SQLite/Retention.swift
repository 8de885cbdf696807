import FaxCore
import Foundation
import GRDB

extension SQLiteEventStore {
    /// Deletes history older than `policy` allows and returns how many rows went.
    ///
    /// History is cut at one sequence number (the newest `keep` events, and what arrived in the
    /// last `keepDays` days, whichever keeps less): every delivery numbered below it goes, plus the
    /// repeat deliveries of events that went. Deletes run in small transactions on the writer
    /// between append batches, so ingest keeps flowing while a large backlog is pruned.
    @discardableResult
    public func prune(_ policy: RetentionPolicy, now: Int64) async throws(StoreError) -> Int {
        if policy.keepsEverything { return 0 }
        // Found on a reader, so a long scan (the first prune of a big store) never holds up appends;
        // the snapshot may miss the newest rows, which are above any cut anyway.
        let cutoff = try read("finding what to prune") { db in
            try Self.cutoffSeq(policy, now: now, db)
        }
        guard let cutoff else { return 0 }
        var removed = 0
        while true {
            let deleted = try await write("pruning history") { [groupWriter] db in
                var deleted = 0
                try db.inTransaction(.immediate) {
                    try groupWriter?.rowsChangeOutsideBatches(db)
                    deleted = try Self.deleteChunk(below: cutoff, db)
                    return .commit
                }
                return deleted
            }
            removed += deleted
            if deleted == 0 { break }
        }
        if removed > 0 {
            try await write("counting after pruning") { [groupWriter] db in
                try groupWriter?.refreshCounters(db)
            }
        }
        return removed
    }

    /// Rows per delete transaction: small enough that an append waits only milliseconds behind it.
    static let pruneChunk: Int64 = 5_000

    /// The lowest sequence number to keep, or nil when nothing needs to go.
    static func cutoffSeq(_ policy: RetentionPolicy, now: Int64, _ db: Database) throws -> Int64? {
        let last = try Schema.lastSeq(db)
        var cutoff: Int64 = 0
        if let keep = policy.keep {
            if keep <= 0 {
                cutoff = last + 1
            } else if let seq = try Int64.fetchOne(
                db, sql: "SELECT seq FROM events ORDER BY seq DESC LIMIT 1 OFFSET ?", arguments: [keep - 1]) {
                cutoff = max(cutoff, seq)
            }
        }
        if let days = policy.keepDays {
            // Clamped (to 270,000 years) so that absurd values keep everything rather than overflow.
            let threshold = now - Int64(max(0, min(days, 100_000_000))) * 86_400_000
            // Arrival times grow with seq, so the first match from the oldest end is the cut; after
            // the first prune the oldest rows are recent, so this stops almost at once.
            var first = last + 1
            for table in ["events", "duplicates", "rejections"] {
                if let seq = try Int64.fetchOne(
                    db, sql: "SELECT seq FROM \(table) WHERE received_at >= ? ORDER BY seq LIMIT 1", arguments: [threshold]) {
                    first = min(first, seq)
                }
            }
            cutoff = max(cutoff, first)
        }
        guard let oldest = try JournalReads.firstSeq(db), oldest < cutoff else { return nil }
        return cutoff
    }

    /// Deletes up to ``pruneChunk`` sequence numbers' worth of rows below `cutoff`.
    static func deleteChunk(below cutoff: Int64, _ db: Database) throws -> Int {
        guard let oldest = try JournalReads.firstSeq(db), oldest < cutoff else { return 0 }
        let bound = min(cutoff, oldest + pruneChunk)
        var deleted = 0
        // Repeats of the events about to go, wherever they are numbered.
        try db.execute(sql: "DELETE FROM duplicates WHERE event_seq < ?", arguments: [bound])
        deleted += db.changesCount
        for table in ["events", "duplicates", "rejections"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE seq < ?", arguments: [bound])
            deleted += db.changesCount
        }
        return deleted
    }
}
