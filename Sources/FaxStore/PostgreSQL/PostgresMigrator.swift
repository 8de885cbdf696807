import NIOCore
import PostgresNIO

/// Brings the journal's schema to ``PostgresSchema/latest``, one migration at a time, each in its own
/// transaction, under a session advisory lock: receivers that start together migrate one after the
/// other, and the later ones find nothing left to do.
struct PostgresMigrator {
    let connector: PostgresConnector

    func migrate() throws(StoreError) {
        let connection = try connector.connectNow()
        defer { connection.closeSoon() }
        do {
            _ = try connection.query(PostgresJournalReads.query("SELECT pg_advisory_lock($1)", PostgresSchema.migrationLock),
                                     logger: connector.logger).wait()
            defer {
                _ = try? connection.query(PostgresJournalReads.query("SELECT pg_advisory_unlock($1)", PostgresSchema.migrationLock),
                                          logger: connector.logger).wait()
            }
            // Created only when missing: CREATE … IF NOT EXISTS still asks for the right to create,
            // which a receiver's role may lack once the owner has set the journal up.
            if try !exists(connection) {
                _ = try connection.query(PostgresQuery(unsafeSQL: PostgresSchema.createMigrationsTable), logger: connector.logger).wait()
            }
            let applied = try appliedVersions(connection)
            try refuseNewer(applied)
            for migration in PostgresSchema.migrations where !applied.contains(migration.version) {
                let record = "INSERT INTO faxtop_migrations (version, name) VALUES (\(migration.version), '\(migration.name)')"
                for statement in ["BEGIN"] + migration.statements + [record, "COMMIT"] {
                    _ = try connection.query(PostgresQuery(unsafeSQL: statement), logger: connector.logger).wait()
                }
            }
            // Whether this role may write the journal: found out now, not at the first webhook.
            for statement in ["BEGIN", "UPDATE journal_head SET last_seq = last_seq WHERE id", "ROLLBACK"] {
                _ = try connection.query(PostgresQuery(unsafeSQL: statement), logger: connector.logger).wait()
            }
        } catch {
            _ = try? connection.query("ROLLBACK", logger: connector.logger).wait()
            throw PostgresErrors.storeError(error, url: connector.url, doing: "setting up the journal in")
        }
    }

    /// For readers (attach, export): the journal must exist and be a layout this faxtop reads.
    func checkReadable() throws(StoreError) {
        let connection = try connector.connectNow()
        defer { connection.closeSoon() }
        do {
            guard try exists(connection) else {
                throw StoreError(.unavailable, "\(connector.url) holds no faxtop journal yet: start `faxtop serve --db` on it first")
            }
            try refuseNewer(try appliedVersions(connection))
        } catch {
            throw PostgresErrors.storeError(error, url: connector.url, doing: "reading")
        }
    }

    private func exists(_ connection: PostgresConnection) throws -> Bool {
        let rows = try connection.query("SELECT to_regclass('faxtop_migrations') IS NOT NULL", logger: connector.logger).wait().rows
        return rows.first.map { PostgresCells($0).bool(0) } ?? false
    }

    private func appliedVersions(_ connection: PostgresConnection) throws -> Set<Int> {
        Set(try connection.query("SELECT version FROM faxtop_migrations", logger: connector.logger).wait().rows
            .map { PostgresCells($0).int(0) })
    }

    private func refuseNewer(_ applied: Set<Int>) throws(StoreError) {
        if let newest = applied.max(), newest > PostgresSchema.latest {
            throw StoreError(.corrupt, "\(connector.url) was set up by a newer faxtop (journal layout \(newest); this one knows up to "
                             + "\(PostgresSchema.latest)): upgrade faxtop")
        }
    }
}
