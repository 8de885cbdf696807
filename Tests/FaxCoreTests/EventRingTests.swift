import Foundation
import Synchronization
import Testing
import FaxCore

@Suite("EventRing")
struct EventRingTests {
    @Test func pushThenDrainInOrder() {
        let ring = EventRing<String>(capacity: 4)
        #expect(ring.push("a") == 0)
        #expect(ring.push("b") == 1)
        #expect(ring.count == 2)
        #expect(ring.nextSeq == 2)
        let batch = ring.drain(after: nil)
        #expect(batch.items.map(\.seq) == [0, 1])
        #expect(batch.items.map(\.element) == ["a", "b"])
        #expect(batch.missed.isEmpty)
        #expect(ring.count == 0)
        #expect(ring.overruns == 0)
    }

    @Test func emptyDrain() {
        let ring = EventRing<Int>(capacity: 2)
        let first = ring.drain(after: nil)
        #expect(first.isEmpty)
        ring.push(7)
        _ = ring.drain(after: nil)
        let again = ring.drain(after: 0)
        #expect(again.isEmpty)
        #expect(again.missed.isEmpty)
    }

    @Test("a full ring overwrites the oldest and reports exactly what was lost")
    func overwriteOldest() {
        let ring = EventRing<Int>(capacity: 3)
        for i in 0..<8 { ring.push(i * 10) }
        #expect(ring.count == 3)
        #expect(ring.overruns == 5)
        let batch = ring.drain(after: nil)
        #expect(batch.missed == 0..<5)
        #expect(batch.items.map(\.seq) == [5, 6, 7])
        #expect(batch.items.map(\.element) == [50, 60, 70])
        #expect(!batch.isEmpty)

        // After a clean drain, the next loss is reported relative to what the consumer last took.
        for i in 8..<12 { ring.push(i * 10) }
        let next = ring.drain(after: 7)
        #expect(next.missed == 8..<9)
        #expect(next.items.map(\.seq) == [9, 10, 11])
        #expect(ring.overruns == 6)
    }

    @Test func drainLimit() {
        let ring = EventRing<Int>(capacity: 10)
        for i in 0..<7 { ring.push(i) }
        let first = ring.drain(after: nil, limit: 3)
        #expect(first.items.map(\.element) == [0, 1, 2])
        #expect(ring.count == 4)
        let second = ring.drain(after: 2, limit: 3)
        #expect(second.items.map(\.seq) == [3, 4, 5])
        #expect(second.missed.isEmpty)
        let rest = ring.drain(after: 5, limit: 100)
        #expect(rest.items.map(\.seq) == [6])
        #expect(ring.count == 0)
    }

    @Test("items left behind by a limited drain can still be overwritten, and are reported")
    func overrunAfterLimitedDrain() {
        let ring = EventRing<Int>(capacity: 2)
        ring.push(0); ring.push(1)
        let first = ring.drain(after: nil, limit: 1)
        #expect(first.items.map(\.seq) == [0])
        ring.push(2); ring.push(3)  // 1 is overwritten
        let second = ring.drain(after: 0)
        #expect(second.missed == 1..<2)
        #expect(second.items.map(\.seq) == [2, 3])
    }

    @Test func capacityOne() {
        let ring = EventRing<Int>(capacity: 1)
        for i in 0..<5 { ring.push(i) }
        let batch = ring.drain(after: nil)
        #expect(batch.missed == 0..<4)
        #expect(batch.items.map(\.element) == [4])
        #expect(ring.overruns == 4)
    }

    struct Item: Sendable {
        var producer: Int
        var counter: Int
    }

    struct ConsumerLog: Sendable {
        var drained: [(seq: UInt64, item: Item)] = []
        var missed: [Range<UInt64>] = []
    }

    /// What the threads share. The log is handed over once, under a pthread lock TSan understands.
    final class Shared: @unchecked Sendable {
        let producersDone = Atomic<Int>(0)
        private let lock = NSLock()
        private var _log = ConsumerLog()
        var log: ConsumerLog {
            get { lock.withLock { _log } }
            set { lock.withLock { _log = newValue } }
        }
    }

    @Test("4 producer threads, 1 consumer: every seq is drained exactly once or reported missed")
    func concurrentProducers() {
        let producers = 4
        let perProducer = 100_000
        let total = producers * perProducer
        let ring = EventRing<Item>(capacity: 1024)
        let shared = Shared()
        let finished = DispatchGroup()

        finished.enter()
        let consumer = Thread {
            var local = ConsumerLog()
            var lastSeen: UInt64?
            while true {
                let allPushed = shared.producersDone.load(ordering: .acquiring) == producers
                let batch = ring.drain(after: lastSeen, limit: 512)
                if !batch.missed.isEmpty { local.missed.append(batch.missed) }
                for (seq, item) in batch.items { local.drained.append((seq, item)) }
                if let last = batch.items.last?.seq {
                    lastSeen = last
                } else if !batch.missed.isEmpty {
                    lastSeen = batch.missed.upperBound - 1
                }
                if allPushed && batch.items.isEmpty { break }
                if batch.items.isEmpty { Thread.sleep(forTimeInterval: 0.0001) }
            }
            shared.log = local
            finished.leave()
        }
        consumer.start()

        for id in 0..<producers {
            finished.enter()
            let thread = Thread {
                for counter in 0..<perProducer { ring.push(Item(producer: id, counter: counter)) }
                shared.producersDone.add(1, ordering: .releasing)
                finished.leave()
            }
            thread.start()
        }
        #expect(finished.wait(timeout: .now() + 300) == .success, "threads did not finish")

        let result = shared.log
        var seen = [UInt8](repeating: 0, count: total)
        for (seq, _) in result.drained {
            guard seq < UInt64(total) else { Issue.record("seq \(seq) out of range"); continue }
            seen[Int(seq)] += 1
        }
        var missedCount = 0
        for range in result.missed {
            missedCount += range.count
            for seq in range {
                guard seq < UInt64(total) else { Issue.record("missed seq \(seq) out of range"); continue }
                seen[Int(seq)] += 1
            }
        }
        // Counts and a few examples only: a failure must not print 400,000 numbers.
        let wrong = seen.indices.filter { seen[$0] != 1 }
        let unaccounted = wrong.count
        let firstWrong = Array(wrong.prefix(5))
        #expect(unaccounted == 0, "seqs not accounted for exactly once, first: \(firstWrong)")
        #expect(result.drained.count + missedCount == total)
        #expect(ring.overruns == UInt64(missedCount))
        #expect(ring.nextSeq == UInt64(total))
        #expect(ring.count == 0)

        // Drained seqs increase, and each producer's items keep their push order.
        #expect(zip(result.drained, result.drained.dropFirst()).allSatisfy { $0.seq < $1.seq })
        var lastCounter = [Int](repeating: -1, count: producers)
        var inOrder = true
        for (_, item) in result.drained {
            if item.counter <= lastCounter[item.producer] { inOrder = false }
            lastCounter[item.producer] = item.counter
        }
        #expect(inOrder, "a producer's items were drained out of order")
    }
}
