import FaxCore
import FaxTestSupport
import Foundation
import GRDB
import Synchronization
import Testing
@_spi(Benchmarks) @testable import FaxStore

@Suite struct GroupCommitTests {
    /// 32 tasks append 2,000 deliveries between them: events, repeats of keys other tasks also send,
    /// and rejections. Every event is stored once, repeats are counted exactly, and the sink sees
    /// 1...N once each, in order.
    @Test func concurrentAppendersAreBatchedWithoutLossOrReordering() async throws {
        let directory = TempDirectory()
        let recorder = SinkRecorder()
        let store = try SQLiteEventStore(path: directory.databasePath, sink: recorder.sink)
        let tasks = 32, perTask = 2_000 / 32 + 1  // 63 × 32 = 2,016
        // Keys K0...K299 are sent by several tasks: 300 distinct events.
        let outcomes = await withTaskGroup(of: [(String, Result<AppendOutcome, StoreError>)].self) { group in
            for t in 0..<tasks {
                group.addTask {
                    var results: [(String, Result<AppendOutcome, StoreError>)] = []
                    for i in 0..<perTask {
                        let n = t * perTask + i
                        if n % 7 == 0 {
                            do throws(StoreError) {
                                results.append(("rejection", .success(.accepted(seq: try await store.append(Sample.rejection()), attempt: 0))))
                            } catch { results.append(("rejection", .failure(error))) }
                        } else {
                            let key = "K\((n * 37) % 300)"
                            do throws(StoreError) {
                                let outcome = try await store.append(Sample.event(data: key), receivedAt: Int64(n), remote: "r")
                                results.append((key, .success(outcome)))
                            } catch { results.append((key, .failure(error))) }
                        }
                    }
                    return results
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        let total = tasks * perTask
        #expect(outcomes.count == total)
        #expect(outcomes.allSatisfy { if case .success = $0.1 { true } else { false } })

        // The sink saw every seq once, in order.
        #expect(recorder.seqs == (1...Int64(total)).map { $0 })
        #expect(recorder.batchCount < total, "appends were grouped into fewer transactions (\(recorder.batchCount))")

        // Each key: accepted exactly once; its repeats counted 2, 3, ... with no gaps.
        var accepted: [String: Int64] = [:]
        var counts: [String: [Int]] = [:]
        for (key, result) in outcomes where key != "rejection" {
            switch try result.get() {
            case .accepted(let seq, _):
                #expect(accepted[key] == nil, "\(key) accepted twice")
                accepted[key] = seq
            case .duplicate(_, let count):
                counts[key, default: []].append(count)
            }
        }
        #expect(accepted.count == 300)
        let sent = Dictionary(grouping: outcomes.filter { $0.0 != "rejection" }, by: \.0).mapValues(\.count)
        for (key, times) in sent {
            #expect(counts[key, default: []].sorted() == (times > 1 ? Array(2...times) : []), "\(key)")
        }
        let totals = try store.totals()
        #expect(totals.events == 300)
        #expect(totals.deliveries == sent.values.reduce(0, +))
        #expect(totals.rejected == outcomes.count { $0.0 == "rejection" })

        // What the store holds matches what the sink heard, and survives a reopen.
        let stored = try store.deliveries(in: 1...Int64(total))
        #expect(stored == recorder.deliveries)
        store.close()
        let reopened = try SQLiteEventStore(path: directory.databasePath)
        #expect(try reopened.totals() == totals)
        for (key, seq) in accepted {
            let row = try reopened.deliveries(in: seq...seq)
            guard case .accepted(let d) = row.first else { Issue.record("no event at \(seq)"); continue }
            #expect(d.event.dataID == key)
        }
    }

    @Test func aKeyRepeatedInsideOneBatchIsADuplicate() async throws {
        let directory = TempDirectory()
        let recorder = SinkRecorder()
        let store = try SQLiteEventStore(path: directory.databasePath, sink: recorder.sink)
        let writer = try #require(store.groupWriter)
        // Hold the writer so the next appends all wait, then land in one batch.
        let gate = DispatchSemaphore(value: 0), entered = DispatchSemaphore(value: 0)
        let holding = Task { try await writer.perform("holding") { _ in entered.signal(); gate.wait() } }
        try await eventually("the writer held") { entered.wait(timeout: .now()) == .success }
        let appends = Task {
            await withTaskGroup(of: AppendOutcome?.self) { group in
                for i in 0..<4 {
                    group.addTask {
                        try? await Task.sleep(for: .milliseconds(i * 20))
                        return try? await store.append(Sample.event(data: "SAME"), receivedAt: Int64(i), remote: "r")
                    }
                }
                return await group.reduce(into: [AppendOutcome]()) { if let o = $1 { $0.append(o) } }
            }
        }
        try await eventually("four appends waiting") { writer.pendingCount >= 4 }
        gate.signal()
        try await holding.value
        let outcomes = await appends.value
        #expect(recorder.batchCount == 1)
        #expect(outcomes.count == 4)
        #expect(outcomes.contains(.accepted(seq: 1, attempt: 1)))
        #expect(Set(outcomes.compactMap { if case .duplicate(let s, let c) = $0 { "\(s):\(c)" } else { nil } }) == ["1:2", "1:3", "1:4"])
        #expect(recorder.seqs == [1, 2, 3, 4])
    }

    @Test func streamingAHundredThousandDeliveries() async throws {
        let directory = TempDirectory()
        let store = try SQLiteEventStore(path: directory.databasePath)
        try await store.bulkLoadForBenchmark(events: 100_000, duplicateEvery: 10, rejectionEvery: 50)
        let last = try store.lastSeq()
        #expect(last > 100_000)
        var next: Int64 = 1, maxBatch = 0
        try store.forEachDelivery(from: 1, batchSize: 5_000, rawBodies: false) { batch in
            maxBatch = max(maxBatch, batch.count)
            for delivery in batch {
                #expect(delivery.seq == next)
                next += 1
            }
        }
        #expect(next == last + 1)
        #expect(maxBatch <= 5_000)
        let totals = try store.totals()
        #expect(totals.events == 100_000)
        #expect(Int64(totals.deliveries + totals.rejected) == last)
    }

    /// An open that fails slowly (the first open after an upgrade copies the events table; on a full
    /// disk that copy fails) is not started again by every batch: deliveries meanwhile get its failure
    /// at once, and the open is tried again once the wait is over.
    @Test func aSlowFailingOpenIsNotRetriedByEveryBatch() async throws {
        let directory = TempDirectory()
        try FileManager.default.createDirectory(atPath: directory.path + "/db", withIntermediateDirectories: true)
        let attempts = Atomic<Int>(0)
        let diskFull = Atomic<Bool>(true)
        // The wait is the test's to end (a loaded machine must not end it early).
        let waitOver = Atomic<Bool>(false)
        let writer = GroupCommitWriter(sink: { _ in }, openRetryDelay: { _ in waitOver.load(ordering: .relaxed) ? .zero : .seconds(3600) }) {
            [path = directory.databasePath] in
            attempts.add(1, ordering: .relaxed)
            Thread.sleep(forTimeInterval: 0.2)
            if diskFull.load(ordering: .relaxed) { throw DatabaseError(resultCode: .SQLITE_FULL, message: "database or disk is full") }
            let queue = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(queue)
            return queue
        }
        defer { writer.close() }
        func append(_ id: String) async -> Result<GroupCommitWriter.Outcome, StoreError> {
            await writer.submit(.event(Sample.event(data: id), receivedAt: 1, remote: "r"))
        }

        #expect(writer.start()?.kind == .diskFull)
        #expect(attempts.load(ordering: .relaxed) == 1)
        for id in ["A", "B", "C"] {
            guard case .failure(let failure) = await append(id) else { Issue.record("\(id) was stored on a full disk"); continue }
            #expect(failure.kind == .diskFull)
        }
        // Answered from the failed open, without starting three more.
        #expect(attempts.load(ordering: .relaxed) == 1)

        // The disk has room again and the wait is over: the next delivery opens the store.
        diskFull.store(false, ordering: .relaxed)
        waitOver.store(true, ordering: .relaxed)
        guard case .success(.event(.accepted(seq: 1, attempt: 1))) = await append("D") else {
            Issue.record("the store did not recover after the disk was freed")
            return
        }
        #expect(attempts.load(ordering: .relaxed) == 2)
    }

    @Test func aFailedOpenWaitsTwiceItsDurationAtMostThirtySeconds() {
        #expect(GroupCommitWriter.openRetryDelay(.milliseconds(3)) == .milliseconds(6))
        #expect(GroupCommitWriter.openRetryDelay(.seconds(13)) == .seconds(26))
        #expect(GroupCommitWriter.openRetryDelay(.seconds(90)) == .seconds(30))
    }
}
