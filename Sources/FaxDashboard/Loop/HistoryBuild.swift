import FaxCore
import FaxStore
import Foundation

/// Builds the full dashboard model from a store's history on both cores, each thread reading the
/// store itself and keeping what it allocates.
///
/// The calling thread reads every column and builds the feed's records, the per-number statistics and
/// the totals; a second thread reads the columns the rest is derived from and builds the feed's search
/// columns and which chain each event belongs to. The chains are then made from the
/// feed's own records, so they share its strings. Handing deliveries from one thread to the other
/// instead made building about twice as slow as doing it all on one (cross-core reference counting).
/// The model is exactly what applying the deliveries one by one in sequence order gives: a part the
/// second thread built that does not fit the feed (the two reads saw different deliveries, because
/// retention ran in between, or two sessions share a chain fingerprint) is built from the feed again.
enum HistoryBuild {
    /// Milliseconds from the start of the build, for the start-up benchmark.
    struct Timings: Sendable {
        var feed = 0.0
        var derived = 0.0
        var finished = 0.0
        var rebuilt: [String] = []
    }

    /// `fingerprintBits` below 64 make sessions share chain fingerprints (tests of the fallback).
    static func model(
        from store: any EventStore, through target: Int64, fingerprintBits: Int = 64,
        progress: (Int64) -> Void = { _ in }
    ) throws -> (DashboardModel, Timings) {
        let start = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 }
        var timings = Timings()
        let derived = DerivedPartsThread(store: store, target: target, fingerprintBits: fingerprintBits, started: start)
        derived.start()
        var model = DashboardModel()
        do {
            let duplicates = try store.duplicates(through: target)
            let rejections = try store.rejectionSummaries(through: target)
            model.reserveFeedCapacity(max(0, Int(target) - duplicates.count), withSearchColumns: false)
            var decoder = FeedRecordDecoder()
            var others = OtherDeliveries(duplicates: duplicates, rejections: rejections)
            func apply(_ delivery: OtherDeliveries.Delivery) {
                switch delivery {
                case .duplicate(let duplicate): model.apply(duplicate)
                case .rejection(let rejection): model.apply(rejection, loading: true)
                }
            }
            var rows = 0
            try store.forEachEventSummary(through: target, columns: .feed) { row in
                others.apply(before: row.seq, apply)
                model.apply(decoder.record(row), loading: true)
                rows += 1
                if rows % 16_384 == 0 { progress(model.appliedSeq) }
            }
            others.apply(before: .max, apply)
            timings.feed = elapsed()
        } catch {
            _ = derived.wait()
            throw error
        }
        if let parts = derived.wait() {
            timings.rebuilt = model.finishLoading(chains: parts.chains, search: parts.search)
        } else {
            model.finishLoadingFromFeed()
            timings.rebuilt = ["everything (the second thread's read failed)"]
        }
        timings.derived = derived.finished
        timings.finished = elapsed()
        return (model, timings)
    }
}

/// Repeat deliveries and rejections, merged into the events' sequence order as the events stream by.
struct OtherDeliveries {
    enum Delivery {
        case duplicate(DuplicateDelivery)
        case rejection(Rejection)
    }

    let duplicates: [DuplicateDelivery]
    let rejections: [Rejection]
    var nextDuplicate = 0
    var nextRejection = 0

    /// Hands out, in sequence order, those with a sequence number below `seq` not handed out yet.
    mutating func apply(before seq: Int64, _ body: (Delivery) -> Void) {
        while true {
            let duplicate = nextDuplicate < duplicates.count ? duplicates[nextDuplicate].seq : .max
            let rejection = nextRejection < rejections.count ? rejections[nextRejection].seq : .max
            if duplicate < rejection, duplicate < seq {
                body(.duplicate(duplicates[nextDuplicate]))
                nextDuplicate += 1
            } else if rejection < duplicate, rejection < seq {
                body(.rejection(rejections[nextRejection]))
                nextRejection += 1
            } else {
                return
            }
        }
    }
}

/// The second thread: search columns and chain assignment from its own read of the store.
private final class DerivedPartsThread: @unchecked Sendable {
    struct Parts {
        var chains: ChainAssignment
        var search: SearchColumnsBuilder
    }

    private let store: any EventStore
    private let target: Int64
    private let fingerprintBits: Int
    private let started: UInt64
    private let done = DispatchSemaphore(value: 0)
    // Written by the thread before `done` is signalled, read after waiting on it.
    private var result: Parts?
    /// Milliseconds from `started` to the end of the thread's work.
    private(set) var finished = 0.0

    init(store: any EventStore, target: Int64, fingerprintBits: Int, started: UInt64) {
        self.store = store
        self.target = target
        self.fingerprintBits = fingerprintBits
        self.started = started
    }

    func start() {
        let thread = Thread { [self] in
            result = try? build()  // nil: the feed's thread builds everything from its records instead
            finished = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
            done.signal()
        }
        thread.name = "faxtop-history-derived"
        thread.stackSize = 8 << 20
        thread.start()
    }

    private func build() throws -> Parts {
        let duplicates = try store.duplicates(through: target)
        let rejections = try store.rejectionSummaries(through: target)
        var parts = Parts(chains: ChainAssignment(expectedEvents: Int(target), fingerprintBits: fingerprintBits),
                          search: SearchColumnsBuilder(expectedRecords: max(0, Int(target) - duplicates.count)))
        var others = OtherDeliveries(duplicates: duplicates, rejections: rejections)
        func apply(_ delivery: OtherDeliveries.Delivery) {
            switch delivery {
            case .duplicate(let duplicate): parts.search.apply(duplicate)
            case .rejection(let rejection): parts.search.add(rejection)
            }
        }
        try store.forEachEventSummary(through: target, columns: .derived) { row in
            others.apply(before: row.seq, apply)
            parts.search.add(row, isRetry: parts.chains.add(row).isRetry)
        }
        others.apply(before: .max, apply)
        return parts
    }

    /// The parts, once the thread has finished; nil when its read failed.
    func wait() -> Parts? {
        done.wait()
        return result
    }
}
