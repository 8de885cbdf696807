import FaxCore
import FaxStore
import Foundation

/// Builds the full dashboard model from a store's history on both cores, each thread reading the
/// store itself and keeping what it allocates.
///
/// The calling thread reads every column and builds the feed (records, search columns, totals); a
/// second thread reads only ids, numbers, status, pages, cost and times and builds the per-number
/// statistics and which chain each event belongs to. The chains are then made from the feed's own
/// records, so they share its strings. Handing deliveries from one thread to the other instead made
/// building about twice as slow as doing it all on one (cross-core reference counting). The model is
/// exactly what applying the deliveries one by one in sequence order gives; when the two reads did
/// not see the same events (retention ran in between) or two sessions share a chain fingerprint, the
/// numbers and chains are built again from the feed.
enum HistoryBuild {
    /// Milliseconds from the start of the build, for the start-up benchmark.
    struct Timings: Sendable {
        var feed = 0.0
        var aggregates = 0.0
        var chains = 0.0
        var rebuilt = false
    }

    /// `fingerprintBits` below 64 make sessions share chain fingerprints (tests of the fallback).
    static func model(
        from store: any HistorySummarySource, through target: Int64, fingerprintBits: Int = 64,
        progress: (Int64) -> Void = { _ in }
    ) throws -> (DashboardModel, Timings) {
        let start = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 }
        var timings = Timings()
        let aggregates = AggregatesThread(store: store, target: target, fingerprintBits: fingerprintBits, started: start)
        aggregates.start()
        var model = DashboardModel()
        do {
            let duplicates = try store.duplicates(through: target)
            let rejections = try store.rejectionSummaries(through: target)
            model.reserveFeedCapacity(max(0, Int(target) - duplicates.count))
            var decoder = FeedRecordDecoder()
            var others = OtherDeliveries(duplicates: duplicates, rejections: rejections)
            var rows = 0
            try store.forEachEventSummary(through: target, columns: .feed) { row in
                others.apply(before: row.seq, to: &model)
                model.apply(decoder.record(row), aggregates: false)
                rows += 1
                if rows % 16_384 == 0 { progress(model.appliedSeq) }
            }
            others.apply(before: .max, to: &model)
            timings.feed = elapsed()
        } catch {
            _ = aggregates.wait()
            throw error
        }
        let builder = aggregates.wait()
        timings.aggregates = aggregates.finished
        if let builder, let chains = RetryChains(records: model.feed.records, assignment: builder.chains) {
            model.setAggregates(numbers: builder.numbers, chains: chains)
        } else {
            model.rebuildAggregatesFromFeed()
            timings.rebuilt = true
        }
        timings.chains = elapsed()
        return (model, timings)
    }
}

/// Repeat deliveries and rejections, merged into the events' sequence order as the events stream by.
private struct OtherDeliveries {
    let duplicates: [DuplicateDelivery]
    let rejections: [Rejection]
    var nextDuplicate = 0
    var nextRejection = 0

    mutating func apply(before seq: Int64, to model: inout DashboardModel) {
        while true {
            let duplicate = nextDuplicate < duplicates.count ? duplicates[nextDuplicate].seq : .max
            let rejection = nextRejection < rejections.count ? rejections[nextRejection].seq : .max
            if duplicate < rejection, duplicate < seq {
                model.apply(duplicates[nextDuplicate])
                nextDuplicate += 1
            } else if rejection < duplicate, rejection < seq {
                model.apply(rejections[nextRejection])
                nextRejection += 1
            } else {
                return
            }
        }
    }
}

/// The second thread: numbers and chain assignment from its own read of the store.
private final class AggregatesThread: @unchecked Sendable {
    private let store: any HistorySummarySource
    private let target: Int64
    private let fingerprintBits: Int
    private let started: UInt64
    private let done = DispatchSemaphore(value: 0)
    // Written by the thread before `done` is signalled, read after waiting on it.
    private var result: AggregatesBuilder?
    /// Milliseconds from `started` to the end of the thread's work.
    private(set) var finished = 0.0

    init(store: any HistorySummarySource, target: Int64, fingerprintBits: Int, started: UInt64) {
        self.store = store
        self.target = target
        self.fingerprintBits = fingerprintBits
        self.started = started
    }

    func start() {
        let thread = Thread { [self] in
            var builder = AggregatesBuilder(expectedEvents: Int(target), fingerprintBits: fingerprintBits)
            do {
                try store.forEachEventSummary(through: target, columns: .aggregates) { builder.add($0) }
                result = builder
            } catch {
                result = nil  // the feed's thread builds them from its records instead
            }
            finished = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
            done.signal()
        }
        thread.name = "faxtop-history-aggregates"
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The builder, once the thread has finished; nil when its read failed.
    func wait() -> AggregatesBuilder? {
        done.wait()
        return result
    }
}
