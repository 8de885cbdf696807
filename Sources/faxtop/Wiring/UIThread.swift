import Foundation

/// Runs the curses UI on a thread of its own: it blocks in `poll`, so it must not occupy one of
/// Swift concurrency's few cooperative threads, and every curses call must come from one thread.
enum UIThread {
    static func run(_ body: @escaping @Sendable () throws -> Void) async -> Result<Void, any Error> {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: Result { try body() })
            }
            thread.name = "faxtop-ui"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
