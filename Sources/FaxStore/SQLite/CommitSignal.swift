#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation
import Synchronization

/// Tells followers that the journal changed: the writer touches the lock file's time after commits,
/// at most once every 5 ms (with a last touch after the final commit of a burst), and followers watch
/// that one file (``FileChangeWatch``).
///
/// Watching the WAL itself told every follower of every write: at 20,000 commits a second, eight
/// dashboards woken per write took 45% of the receiver's throughput on two cores. A touch every 5 ms
/// is at most 200 wake-ups a second per follower, whatever the rate.
final class CommitSignal: Sendable {
    private let path: String
    private struct State {
        var last: ContinuousClock.Instant?
        var trailing = false
    }
    private let state = Mutex(State())
    private static let interval = Duration.milliseconds(5)
    private static let queue = DispatchQueue(label: "faxtop.store.commit-signal")

    init(lockPath: String) {
        path = lockPath
    }

    /// After a commit (on the writer's thread).
    func committed() {
        let now = ContinuousClock.now
        let touchNow: Bool = state.withLock { current in
            if let last = current.last, now - last < Self.interval {
                if current.trailing { return false }
                current.trailing = true
                let wait = Self.interval - (now - last)
                let nanoseconds = Int(wait.components.attoseconds / 1_000_000_000) + Int(wait.components.seconds) * 1_000_000_000
                Self.queue.asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) { [self] in
                    state.withLock { $0.trailing = false; $0.last = ContinuousClock.now }
                    touch()
                }
                return false
            }
            current.last = now
            return true
        }
        if touchNow { touch() }
    }

    private func touch() {
        _ = utimensat(AT_FDCWD, path, nil, 0)
    }
}
