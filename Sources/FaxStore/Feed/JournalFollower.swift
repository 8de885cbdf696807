import FaxCore
import Synchronization

/// Follows a journal another process writes (`faxtop attach`, a `watch` that found `serve` running):
/// reads what is new whenever the store says it changed, and at every look in any case.
///
/// Nothing is missed or shown twice: the journal's own sequence numbers say what is new, and a read
/// asks only for what comes after the last one shown. The writer commits in sequence order (SQLite has
/// one writer at a time), so every number up to the journal's last is committed when it is read.
public final class JournalFollower: DeliverySource {
    private let store: any EventStore
    private var watch: (any JournalWatch)?
    /// Set by the store's watch (another thread), cleared when read.
    private let changed = ChangedFlag()
    private var moreWaiting = false
    private var lastError: StoreError?

    private let wake: WakePipe

    /// Follows `store`, waking `wake` whenever it changes.
    public init(store: any EventStore, wake: WakePipe) {
        self.store = store
        self.wake = wake
        startWatching()
    }

    /// (Again, when the journal's writer had not yet made what is watched: a follower started before
    /// any receiver ran would otherwise find new deliveries only at its once-a-second look.)
    private func startWatching() {
        let changed = self.changed, wake = self.wake
        watch = store.watchChanges {
            // Woken once until the reader has looked: a commit a millisecond must not wake it 1,000 times.
            if !changed.value.exchange(true, ordering: .acquiringAndReleasing) { wake.signal() }
        }
    }

    deinit { watch?.cancel() }

    public var hasPending: Bool { moreWaiting || changed.value.load(ordering: .acquiring) }

    public var missing: (count: Int64, error: StoreError)? { lastError.map { (0, $0) } }

    public func next(after appliedSeq: Int64, limit: Int) -> [Delivery] {
        changed.value.store(false, ordering: .releasing)
        if watch?.isWatching != true { startWatching() }
        do {
            // One read a look: what is new (summaries, as history is loaded; the detail pane reads a
            // body when it is opened) and how far the journal goes.
            let (read, last) = try store.newDeliveries(after: appliedSeq, limit: limit)
            moreWaiting = (read.last?.seq ?? last) < last
            lastError = nil
            return read
        } catch {
            lastError = error
            moreWaiting = false
            return []
        }
    }
}

/// A flag shared with the store's watch thread.
private final class ChangedFlag: Sendable {
    let value = Atomic<Bool>(true)
}
