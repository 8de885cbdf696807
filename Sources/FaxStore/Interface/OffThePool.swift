import Foundation

/// Runs synchronous store work (a read that waits while the database answers) on one of Dispatch's
/// threads, for callers in Swift concurrency: a PostgreSQL journal's read can wait seconds when the
/// server is slow or gone, and the cooperative pool has as many threads as cores (two here).
public enum OffThePool {
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws(StoreError) -> T) async throws(StoreError) -> T {
        let result: Result<T, StoreError> = await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                do throws(StoreError) {
                    continuation.resume(returning: .success(try work()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    public static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: work()) }
        }
    }
}
