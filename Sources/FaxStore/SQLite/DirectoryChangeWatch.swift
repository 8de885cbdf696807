#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// Wakes a follower when a journal's files change: inotify on the database's folder, read on a thread
/// of its own that sleeps in `poll` until something is written there.
///
/// Every commit writes the `-wal` file (and a checkpoint the database file), so each one arrives as an
/// event, however far away the writer is in the process tree; nothing is polled on a timer, so an idle
/// follower costs nothing. (SQLite's `PRAGMA data_version` would say the same, but only when asked, so
/// it would have to be asked several times a second.)
final class DirectoryChangeWatch: JournalWatch, @unchecked Sendable {
    private let inotify: Int32
    private let stop = WakePipe()
    private let stopped = Atomic<Bool>(false)

    /// Nil when inotify is not available (the follower then relies on its periodic look).
    init?(directory: String, onChange: @escaping @Sendable () -> Void) {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        let mask = UInt32(IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE)
        guard inotify_add_watch(fd, directory, mask) >= 0 else {
            close(fd)
            return nil
        }
        inotify = fd
        let thread = Thread { [self] in run(onChange) }
        thread.name = "faxtop-follow"
        thread.start()
    }

    private func run(_ onChange: @Sendable () -> Void) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !stopped.load(ordering: .acquiring) {
            var fds = [pollfd(fd: inotify, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: stop.readDescriptor, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 2, -1) >= 0 || errno == EINTR else { break }
            if fds[1].revents != 0 { break }
            var any = false
            while read(inotify, &buffer, buffer.count) > 0 { any = true }
            if any {
                onChange()
                // Commits come in bursts under load: let the next few gather into one wake-up.
                usleep(Self.gatherMicroseconds)
            }
        }
        close(inotify)
    }

    /// Short beside a frame (40 ms): followers see a commit a few milliseconds later at most.
    static let gatherMicroseconds: UInt32 = 5_000

    func cancel() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        stop.signal()
    }
}
