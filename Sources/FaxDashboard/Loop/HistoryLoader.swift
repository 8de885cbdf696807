import FaxCore
import FaxStore
import Foundation

/// Loads stored history at start-up without making the user wait for it.
///
/// The newest deliveries are read at once (``newest``), so the first frame already shows the latest
/// activity; meanwhile a background thread streams the whole history (without raw bodies: the detail
/// pane fetches those on demand) into a complete ``DashboardModel``, which the UI swaps in when it is
/// ready (``takeModel()``). Until then the header says how far loading got. The store hands out its
/// history as column bytes, loaded on both cores (``HistoryBuild``).
public final class HistoryLoader: @unchecked Sendable {
    // Shared with the loading thread, always under `lock`.
    private let lock = NSLock()
    private var model: DashboardModel?
    private var taken = false
    private var failure: StoreError?
    private var loaded: Int64 = 0
    private var buildTimings: HistoryBuild.Timings?
    /// The store's last sequence number when loading started.
    public let target: Int64
    /// The newest deliveries (up to `previewCount`), in sequence order, for the first frame.
    public let newest: [Delivery]

    public init(store: any EventStore, previewCount: Int = 5_000) {
        target = (try? store.lastSeq()) ?? 0
        guard target > 0 else {
            newest = []
            taken = true
            return
        }
        // Summaries (no raw bodies) are all the first frame needs; the detail pane fetches bodies itself.
        var preview: [Delivery] = []
        try? store.forEachDelivery(from: max(1, target - Int64(previewCount) + 1), batchSize: previewCount,
                                   rawBodies: false) { batch in preview += batch }
        let target = self.target
        newest = preview.filter { $0.seq <= target }
        let thread = Thread { [self] in
            do {
                let (full, timings) = try HistoryBuild.model(from: store, through: target) { seq in
                    lock.withLock { loaded = seq }
                }
                lock.withLock {
                    model = full
                    buildTimings = timings
                }
            } catch {
                lock.withLock { failure = (error as? StoreError) ?? StoreError(.unavailable, "\(error)") }
            }
        }
        thread.name = "faxtop-history"
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// True once the full model has been taken (or loading failed).
    public var isDone: Bool { lock.withLock { taken || failure != nil } }

    public var error: StoreError? { lock.withLock { failure } }

    /// Deliveries of the full history loaded so far.
    public var loadedUpTo: Int64 { lock.withLock { loaded } }

    /// The complete model, once, when the background load has finished.
    public func takeModel() -> DashboardModel? {
        lock.withLock {
            guard !taken, let model else { return nil }
            taken = true
            self.model = nil
            return model
        }
    }

    /// How long the two-thread build's parts took (ms from its start), for the start-up benchmark;
    /// nil before it finished.
    @_spi(Benchmarks) public var timingSummary: String? {
        lock.withLock {
            buildTimings.map {
                String(format: "records thread %.0f ms · search columns, numbers and chain ids thread %.0f ms · all done at %.0f ms%@",
                       $0.feed, $0.derived, $0.finished,
                       $0.rebuilt.isEmpty ? "" : " (built from the feed: \($0.rebuilt.joined(separator: ", ")))")
            }
        }
    }

    public var progress: Double { target == 0 ? 1 : min(1, Double(loadedUpTo) / Double(target)) }
}
