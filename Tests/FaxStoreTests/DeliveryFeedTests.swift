import FaxCore
import Foundation
import FaxStore
import FaxTestSupport
import Testing

/// The feed from the store to a reader: in order, complete, and honest when it cannot be.
@Suite struct DeliveryFeedTests {
    func fill(_ store: InterposedStore, _ range: ClosedRange<Int>) async throws {
        for i in range { _ = try await store.append(Sample.event(data: "F\(i)"), receivedAt: Int64(i), remote: "r") }
    }

    @Test func anOverrunIsBackfilledFromTheStore() async throws {
        let feed = DeliveryFeed(capacity: 4)
        let store = try InterposedStore(sink: feed.sink)
        let reader = feed.reader(backfillingFrom: store)
        try await fill(store, 1...10)
        #expect(feed.ring.overruns == 6)
        #expect(reader.next(after: 0).map(\.seq) == Array(1...10))
        #expect(reader.backfilled == 6)
        #expect(reader.missing == nil)
    }

    /// A backfill that fails leaves no silent gap: nothing after it is handed out, the reader says how
    /// many are held back and why, and the next call tries again.
    @Test func aFailedBackfillHoldsBackWhatFollowsAndRetries() async throws {
        let feed = DeliveryFeed(capacity: 4)
        let store = try InterposedStore(sink: feed.sink)
        let reader = feed.reader(backfillingFrom: store)
        try await fill(store, 1...10)
        store.failReads(StoreError(.unavailable, "disk I/O error"))
        #expect(reader.next(after: 0).isEmpty)
        #expect(reader.missing?.count == 10)
        #expect(reader.missing?.error.message == "disk I/O error")
        #expect(!reader.hasPending, "a failing store is tried at the next look, not in a busy loop")
        try await fill(store, 11...12)
        #expect(reader.next(after: 0).isEmpty, "still nothing out of order")
        #expect(reader.missing?.count == 12)
        store.failReads(nil)
        #expect(reader.next(after: 0).map(\.seq) == Array(1...12))
        #expect(reader.missing == nil)
        try await fill(store, 13...13)
        #expect(reader.next(after: 12).map(\.seq) == [13], "back to the ring")
        #expect(!reader.hasPending)
    }

    /// A follower of a journal whose start retention has pruned reads from the first delivery kept, in
    /// turns of `limit`, and never stalls on the pruned stretch.
    @Test func aFollowerStartsAtTheFirstDeliveryKept() async throws {
        let store = try InterposedStore()
        try await fill(store, 1...30)
        #expect(try await store.prune(RetentionPolicy(keep: 5)) > 0)
        let follower = JournalFollower(store: store, wake: WakePipe())
        #expect(follower.next(after: 0, limit: 3).map(\.seq) == [26, 27, 28])
        #expect(follower.hasPending, "more to read")
        #expect(follower.next(after: 28, limit: 3).map(\.seq) == [29, 30])
        #expect(!follower.hasPending)
        try await fill(store, 31...31)
        #expect(follower.next(after: 30, limit: 3).map(\.seq) == [31])
    }

    /// A follower started before any receiver made the lock file starts watching once one has, and is
    /// woken by its commits from then on.
    @Test func aFollowerStartedBeforeAnyReceiverIsWokenOnceOneRuns() async throws {
        let directory = TempDirectory()
        let first = try SQLiteEventStore(path: directory.databasePath)
        _ = try await first.append(Sample.event(data: "W0"), receivedAt: 0, remote: "r")
        first.close()
        unlink(directory.databasePath + ".lock")
        let journal = try SQLiteEventStore(path: directory.databasePath, options: .init(readOnly: true))
        defer { journal.close() }
        let follower = JournalFollower(store: journal, wake: WakePipe())
        #expect(follower.next(after: 0, limit: 10).map(\.seq) == [1])
        #expect(!follower.hasPending)
        let receiver = try SQLiteEventStore(path: directory.databasePath)
        defer { receiver.close() }
        #expect(follower.next(after: 1, limit: 10).isEmpty, "a look: the lock file is there now, so it is watched")
        _ = try await receiver.append(Sample.event(data: "W1"), receivedAt: 1, remote: "r")
        let deadline = ContinuousClock.now + .seconds(10)
        while !follower.hasPending, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(follower.hasPending, "woken by the commit, not left to its once-a-second look")
        #expect(follower.next(after: 1, limit: 10).map(\.seq) == [2])
    }
}
