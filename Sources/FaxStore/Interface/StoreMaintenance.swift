import Foundation

/// The background work every store gets, whatever its backend: retention passes and, while writes
/// fail, a health probe. Each runs as a task until cancelled.
public enum StoreMaintenance {
    /// Prunes by `policy` now and then every `interval`. Failures go to `onError` and are retried at
    /// the next pass. Nil when the policy keeps everything.
    public static func startRetention(
        of store: any EventStore, _ policy: RetentionPolicy, every interval: Duration = .seconds(60),
        onPruned: @escaping @Sendable (Int) -> Void = { _ in },
        onError: @escaping @Sendable (StoreError) -> Void = { _ in }
    ) -> Task<Void, Never>? {
        guard !policy.keepsEverything else { return nil }
        return Task.detached(priority: .background) {
            while !Task.isCancelled {
                do throws(StoreError) {
                    onPruned(try await store.prune(policy, now: nowMilliseconds()))
                } catch {
                    onError(error)
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// While the store is failing, tries a write every `interval`, so the failure clears from the
    /// header and `/healthz` once the disk has room or the lock is gone, not only when the next
    /// webhook happens to arrive.
    public static func startHealthProbe(of store: any EventStore, every interval: Duration = .seconds(2)) -> Task<Void, Never> {
        Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if !store.health.isOK { await store.checkHealth() }
            }
        }
    }

    /// Now, in milliseconds since 1970: the clock deliveries' `received_at` is kept in.
    public static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }
}

extension EventStore {
    /// One retention pass as of now.
    @discardableResult
    public func prune(_ policy: RetentionPolicy) async throws(StoreError) -> Int {
        try await prune(policy, now: StoreMaintenance.nowMilliseconds())
    }
}
