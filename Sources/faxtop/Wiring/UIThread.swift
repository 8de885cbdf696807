import Foundation

/// Runs blocking work (the curses UI, the headless printer) on a thread of its own: it blocks in
/// `poll`, so it must not occupy one of Swift concurrency's few cooperative threads, and every curses
/// call must come from one thread.
enum UIThread {
    static func run(name: String = "faxtop-ui", _ body: @escaping @Sendable () throws -> Void) async -> Result<Void, any Error> {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                // Foundation's `Thread.name` does not reach the OS here; top and /proc show this one
                // (scripts/bench-live reads the UI thread's CPU by it).
                // (`pthread_setname_np` is not visible to Swift on glibc; this file is the same call.)
                try? String(name.prefix(15)).write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)
                continuation.resume(returning: Result { try body() })
            }
            thread.name = name
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Starts `body` on its own thread; the task completes when the thread's work is done.
    static func start(name: String, _ body: @escaping @Sendable () -> Void) -> Task<Void, Never> {
        Task { _ = await run(name: name, body) }
    }
}
