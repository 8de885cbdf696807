import FaxCore
import FaxStore

/// Loads stored history into the model a chunk at a time, so the UI stays responsive and can show
/// progress while a large store loads.
public final class HistoryLoader {
    private let store: any EventStore
    public let target: Int64
    public private(set) var loadedUpTo: Int64 = 0
    public private(set) var error: StoreError?

    /// Loads everything up to the store's last sequence number at the time of the call.
    public init(store: any EventStore) {
        self.store = store
        self.target = (try? store.lastSeq()) ?? 0
    }

    public var isDone: Bool { loadedUpTo >= target || error != nil }

    /// The next chunk, in sequence order.
    public func nextChunk(size: Int = 50_000) -> [Delivery] {
        guard !isDone else { return [] }
        let end = min(target, loadedUpTo + Int64(size))
        do {
            let chunk = try store.deliveries(in: (loadedUpTo + 1)...end)
            loadedUpTo = end
            return chunk
        } catch {
            self.error = error
            return []
        }
    }

    public var progress: Double { target == 0 ? 1 : Double(loadedUpTo) / Double(target) }
}
