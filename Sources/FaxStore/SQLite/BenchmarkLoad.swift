import FaxCore
import Foundation
import GRDB

extension SQLiteEventStore {
    /// Appends `events` synthetic events straight into the tables, many per transaction, for
    /// benchmarks and large-history tests (a million rows in seconds). Every `duplicateEvery`-th
    /// event is followed by a repeat delivery and every `rejectionEvery`-th by a rejection (0: none).
    /// The sink is not called. Not for production data.
    @_spi(Benchmarks) public func bulkLoadForBenchmark(
        events: Int, duplicateEvery: Int = 0, rejectionEvery: Int = 0, receivedAt: Int64 = 1_760_000_000_000
    ) async throws(StoreError) {
        let chunk = 50_000
        var done = 0
        while done < events {
            let start = done, count = min(chunk, events - done)
            try await write("bulk loading") { [groupWriter] db in
                try db.inTransaction(.immediate) {
                    try groupWriter?.rowsChangeOutsideBatches(db)
                    var seq = try Schema.lastSeq(db)
                    for n in start..<(start + count) {
                        seq += 1
                        let id = String(format: "b%023d", n)
                        let time = receivedAt + Int64(n)
                        let event = Self.syntheticEvent(id: id, n: n)
                        try JournalWrites.insertEvent(event, seq: seq, receivedAt: time, remote: "127.0.0.1", attempt: 1, db)
                        if duplicateEvery > 0, n % duplicateEvery == 0 {
                            seq += 1
                            _ = try JournalWrites.insert(
                                .event(event, receivedAt: time, remote: "127.0.0.1"), seq: seq, db)
                        }
                        if rejectionEvery > 0, n % rejectionEvery == 0 {
                            seq += 1
                            try JournalWrites.insert(Rejection(
                                seq: seq, receivedAt: time, remote: "10.1.2.3", code: 422,
                                reason: "data.pages: expected a number", field: "data.pages", path: "/webhook",
                                body: Array("{\"hook\":{}}".utf8)), db)
                        }
                    }
                    try JournalWrites.setLastSeq(seq, db)
                    return .commit
                }
                try groupWriter?.refreshCounters(db)
            }
            done += count
        }
    }

    static func syntheticEvent(id: String, n: Int) -> FaxEvent {
        let from = "+1 212-555-\(String(format: "%04d", n % 10_000))"
        let to = "+1 415-555-\(String(format: "%04d", (n * 7) % 10_000))"
        let status = n % 5 == 0 ? "failed_user_busy" : "success"
        let raw = """
            {"hook":{"id":"\(id)","event":"fax_sent","event_time":"2026-10-17 10:04:30","target":"https://hooks.example.com/faxplus"},\
            "data":{"id":"\(id)","uid":"7c1e2f9a4b3d4e5f8a6b0c1d2e3f4a5b","pages":3,"from":"\(from)","to":"\(to)",\
            "start_time":"2026-10-17 10:03:02","file":"0a9b8c7d6e5f40312a1b2c3d4e5f6a7b.tiff","file_name":"fax-\(n)","cost":3,"status":"\(status)"}}
            """
        return FaxEvent(
            hookID: id, hookEvent: "fax_sent", eventTime: "2026-10-17 10:04:30", target: "https://hooks.example.com/faxplus",
            dataID: id, uid: "7c1e2f9a4b3d4e5f8a6b0c1d2e3f4a5b", pages: 3, from: from, to: to,
            startTime: "2026-10-17 10:03:02", file: "0a9b8c7d6e5f40312a1b2c3d4e5f6a7b.tiff", fileName: "fax-\(n)",
            cost: 3, status: FaxStatus(raw: status), raw: Array(raw.utf8))
    }
}
