import FaxCore
import NIOCore
import PostgresNIO

extension PostgresEventStore {
    /// Deletes history older than `policy` allows and returns how many rows went: the same cut as the
    /// SQLite journal's (``SQLiteEventStore/prune(_:now:)``), in chunks of ``SQLiteEventStore/pruneChunk``
    /// sequence numbers. Each chunk holds the journal head's lock while it deletes and corrects the
    /// counts, so appends from every receiver wait only milliseconds behind it.
    @discardableResult
    public func prune(_ policy: RetentionPolicy, now: Int64) async throws(StoreError) -> Int {
        if policy.keepsEverything { return 0 }
        let connection: PostgresConnection
        do { connection = try await connector.connect().get() } catch {
            throw PostgresErrors.storeError(error, url: url, doing: "pruning")
        }
        defer { connection.closeSoon() }
        do {
            guard let cutoff = try await cutoffSeq(policy, now: now, connection) else { return 0 }
            var removed = 0
            while true {
                let deleted = try await deleteChunk(below: cutoff, connection)
                removed += deleted
                if deleted == 0 { return removed }
            }
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: connector.logger).get()
            throw PostgresErrors.storeError(error, url: url, doing: "pruning")
        }
    }

    private func value(_ sql: String, _ values: Int64..., on connection: PostgresConnection) async throws -> Int64? {
        var binds = PostgresBindings(capacity: values.count)
        for value in values { binds.append(value) }
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: connector.logger).get().rows
        guard let cells = rows.first.map(PostgresCells.init), !cells.isNull(0) else { return nil }
        return cells.int64(0)
    }

    private func cutoffSeq(_ policy: RetentionPolicy, now: Int64, _ connection: PostgresConnection) async throws -> Int64? {
        let last = try await value("SELECT last_seq FROM journal_head", on: connection) ?? 0
        var cutoff: Int64 = 0
        if let keep = policy.keep {
            if keep <= 0 {
                cutoff = last + 1
            } else if let seq = try await value(
                "SELECT seq FROM events ORDER BY seq DESC LIMIT 1 OFFSET $1", Int64(keep - 1), on: connection) {
                cutoff = max(cutoff, seq)
            }
        }
        if let days = policy.keepDays {
            let threshold = now - Int64(max(0, min(days, 100_000_000))) * 86_400_000
            var first = last + 1
            for table in ["events", "duplicates", "rejections"] {
                if let seq = try await value(
                    "SELECT seq FROM \(table) WHERE received_at >= $1 ORDER BY seq LIMIT 1", threshold, on: connection) {
                    first = min(first, seq)
                }
            }
            cutoff = max(cutoff, first)
        }
        guard let oldest = try await value(PostgresJournalReads.bounds, on: connection), oldest < cutoff else { return nil }
        return cutoff
    }

    private func deleteChunk(below cutoff: Int64, _ connection: PostgresConnection) async throws -> Int {
        _ = try await connection.query("BEGIN", logger: connector.logger).get()
        _ = try await connection.query("SELECT 1 FROM journal_head FOR UPDATE", logger: connector.logger).get()
        guard let oldest = try await value(PostgresJournalReads.bounds, on: connection), oldest < cutoff else {
            _ = try await connection.query("COMMIT", logger: connector.logger).get()
            return 0
        }
        let bound = min(cutoff, oldest + SQLiteEventStore.pruneChunk)
        let counts = try await connection.query(PostgresJournalReads.query("""
            WITH d AS (DELETE FROM duplicates WHERE event_seq < $1 OR seq < $1 RETURNING 1),
                 e AS (DELETE FROM events WHERE seq < $1 RETURNING 1),
                 r AS (DELETE FROM rejections WHERE seq < $1 RETURNING 1)
            SELECT (SELECT count(*) FROM e), (SELECT count(*) FROM d), (SELECT count(*) FROM r)
            """, bound), logger: connector.logger).get().rows
        let c = PostgresCells(counts[0])
        _ = try await connection.query(PostgresJournalReads.query("""
            UPDATE journal_head SET events = events - $1, duplicates = duplicates - $2, rejected = rejected - $3 WHERE id
            """, c.int64(0), c.int64(1), c.int64(2)), logger: connector.logger).get()
        _ = try await connection.query("COMMIT", logger: connector.logger).get()
        return Int(c.int64(0) + c.int64(1) + c.int64(2))
    }
}
