import FaxCore
import FaxStore
import Foundation

/// Loads stored history into the model at start-up without blocking the UI.
///
/// A background thread streams the store (without raw bodies: the detail pane fetches those on
/// demand) into a small bounded queue; the UI thread takes what is ready each turn, so reading and
/// building the model overlap, the screen keeps drawing, and a progress line shows how far it got.
public final class HistoryLoader: @unchecked Sendable {
    // `queue`, `finished` and `error` are shared with the reading thread, always under `condition`.
    private let condition = NSCondition()
    private var queue: [[Delivery]] = []
    private var finished = false
    private var failure: StoreError?
    private var loaded: Int64 = 0
    /// The store's last sequence number when loading started.
    public let target: Int64
    /// Batches the reader may run ahead of the UI: bounds memory to a few batches.
    private let maxQueued = 4

    public init(store: any EventStore, batchSize: Int = 20_000) {
        target = (try? store.lastSeq()) ?? 0
        guard target > 0 else {
            finished = true
            return
        }
        let thread = Thread { [self] in
            do {
                try store.forEachDelivery(from: 1, batchSize: batchSize, rawBodies: false) { batch in
                    condition.lock()
                    while queue.count >= maxQueued { condition.wait() }
                    queue.append(batch)
                    condition.unlock()
                }
            } catch {
                condition.lock()
                failure = (error as? StoreError) ?? StoreError(.unavailable, "\(error)")
                condition.unlock()
            }
            condition.lock()
            finished = true
            condition.unlock()
        }
        thread.name = "faxtop-history"
        thread.start()
    }

    /// True once everything is loaded (or loading failed).
    public var isDone: Bool {
        condition.lock()
        defer { condition.unlock() }
        return finished && queue.isEmpty
    }

    public var error: StoreError? {
        condition.lock()
        defer { condition.unlock() }
        return failure
    }

    /// Deliveries loaded so far (handed to the model).
    public var loadedUpTo: Int64 {
        condition.lock()
        defer { condition.unlock() }
        return loaded
    }

    /// What the reader has ready, in sequence order (possibly nothing yet). `wait` blocks up to that
    /// many seconds for the first batch, so a caller with nothing else to do does not spin.
    public func nextChunk(wait: TimeInterval = 0.05) -> [Delivery] {
        condition.lock()
        defer { condition.unlock() }
        if queue.isEmpty, !finished { _ = condition.wait(until: Date().addingTimeInterval(wait)) }
        guard !queue.isEmpty else { return [] }
        let batch = queue.removeFirst()
        condition.broadcast()
        if let last = batch.last { loaded = last.seq }
        return batch
    }

    public var progress: Double { target == 0 ? 1 : min(1, Double(loadedUpTo) / Double(target)) }
}
