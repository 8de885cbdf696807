#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// Wakes a follower when the journal's writer says it committed (``CommitSignal`` touches the lock
/// file), through inotify on that one file, read on a thread of its own that sleeps in `poll`
/// until then: an idle follower costs nothing. (SQLite's `PRAGMA data_version` would say the same, but
/// only when asked, several times a second.)
final class FileChangeWatch: JournalWatch, @unchecked Sendable {
    private let inotify: Int32
    private let stop = WakePipe()
    private let stopped = Atomic<Bool>(false)

    /// Nil when the file cannot be watched (no inotify, no lock file yet): the follower then relies on
    /// its look once a second.
    init?(file: String, onChange: @escaping @Sendable () -> Void) {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        guard inotify_add_watch(fd, file, UInt32(IN_ATTRIB | IN_MODIFY)) >= 0 else {
            close(fd)
            return nil
        }
        inotify = fd
        let thread = Thread { [self] in run(onChange) }
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
            if any { onChange() }
        }
        close(inotify)
    }

    var isWatching: Bool { true }

    func cancel() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        stop.signal()
    }
}
