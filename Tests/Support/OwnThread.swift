import Foundation

/// Runs blocking test code (polling a tmux screen, waiting for a child) on a thread of its own.
///
/// Swift concurrency has as many threads as cores (two here); a synchronous test blocks one of them for
/// as long as it runs, and two such tests at once starve every async test meanwhile, whose servers then
/// miss their deadlines. The body runs in the calling task (on a task executor with its own thread), so
/// `#expect` inside it is still recorded against the test that called.
public func onOwnThread<T: Sendable>(_ body: () throws -> T) async throws -> T {
    let executor = DedicatedThreadExecutor()
    defer { executor.stop() }
    return try await withTaskExecutorPreference(executor) { try body() }
}

/// A task executor with one thread of its own, for ``onOwnThread(_:)``.
final class DedicatedThreadExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopped = false

    init() {
        let thread = Thread { [self] in run() }
        thread.stackSize = 8 << 20
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.withLock {
            jobs.append(job)
            condition.signal()
        }
    }

    func stop() {
        condition.withLock {
            stopped = true
            condition.signal()
        }
    }

    private func run() {
        while true {
            let next: UnownedJob? = condition.withLock {
                while jobs.isEmpty && !stopped { condition.wait() }
                return jobs.isEmpty ? nil : jobs.removeFirst()
            }
            guard let next else { return }
            next.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
