import FaxCore
import NIOCore
import PostgresNIO

extension PostgresEventStore {
    /// Fills an empty journal with `events` synthetic events in three statements run by the server (the
    /// same events as ``SQLiteEventStore/bulkLoadForBenchmark(events:duplicateEvery:rejectionEvery:receivedAt:)``:
    /// every 20th repeated once, every 100th followed by a rejection). For benchmarks only.
    @_spi(Benchmarks) public func bulkLoadForBenchmark(events: Int, receivedAt: Int64 = 1_760_000_000_000) throws(StoreError) {
        // The seq of event n: n + 1, plus the repeats (n % 20 == 0) and rejections (n % 100 == 0) before it.
        let seq = "(n + 1 + (n + 19) / 20 + (n + 99) / 100)"
        let id = "'b' || lpad(n::text, 23, '0')"
        let statements = [
            "BEGIN",
            """
            INSERT INTO events SELECT \(seq), 'fax_sent', \(id), \(id), '2026-10-17 10:04:30', 'https://hooks.example.com/faxplus',
                '7c1e2f9a4b3d4e5f8a6b0c1d2e3f4a5b', 3, '+1 212-555-' || lpad((n % 10000)::text, 4, '0'),
                '+1 415-555-' || lpad(((n * 7) % 10000)::text, 4, '0'), '2026-10-17 10:03:02',
                '0a9b8c7d6e5f40312a1b2c3d4e5f6a7b.tiff', 'fax-' || n, 3,
                CASE WHEN n % 5 = 0 THEN 'failed_user_busy' ELSE 'success' END,
                convert_to(format('{"hook":{"id":"%s","event":"fax_sent","event_time":"2026-10-17 10:04:30"},"data":{"id":"%s","pages":3,"status":"%s"}}',
                    \(id), \(id), CASE WHEN n % 5 = 0 THEN 'failed_user_busy' ELSE 'success' END), 'UTF8'),
                \(receivedAt) + n, '127.0.0.1', CASE WHEN n % 20 = 0 THEN 2 ELSE 1 END, \(receivedAt) + n, 1
            FROM generate_series(0, \(events - 1)) AS n
            """,
            """
            INSERT INTO duplicates SELECT \(seq) + 1, \(seq), \(receivedAt) + n, '127.0.0.1', 2
            FROM generate_series(0, \(events - 1)) AS n WHERE n % 20 = 0
            """,
            """
            INSERT INTO rejections SELECT \(seq) + 1 + CASE WHEN n % 20 = 0 THEN 1 ELSE 0 END, \(receivedAt) + n, '10.1.2.3', 422,
                'data.pages: expected a number', 'data.pages', 'POST', '/webhook', convert_to('{"hook":{}}', 'UTF8'), false
            FROM generate_series(0, \(events - 1)) AS n WHERE n % 100 = 0
            """,
            """
            UPDATE journal_head SET last_seq = (SELECT max(seq) FROM (SELECT max(seq) AS seq FROM events UNION ALL
                SELECT max(seq) FROM duplicates UNION ALL SELECT max(seq) FROM rejections) AS t),
                events = (SELECT count(*) FROM events), duplicates = (SELECT count(*) FROM duplicates),
                rejected = (SELECT count(*) FROM rejections)
            """,
            "COMMIT",
            "VACUUM ANALYZE events",
        ]
        try readers.withConnection(doing: "loading") { connection in
            for statement in statements {
                _ = try connection.query(PostgresQuery(unsafeSQL: statement), logger: connector.logger).wait()
            }
        }
    }
}
