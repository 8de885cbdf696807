#if canImport(Glibc)
import Glibc
#endif

/// Turns SIGWINCH into a byte down a pipe that the UI's `poll` watches, so a resize is drawn at once.
///
/// ncurses notices a resize through its own SIGWINCH handler, which only sets a flag that the next
/// key read turns into `KEY_RESIZE`. The UI sleeps in `poll`, and the signal usually lands on another
/// thread, so nothing read keys until the user pressed one or a tick came: the old layout stayed on
/// screen for a second or two. The handler here chains to ncurses' and then writes the byte.
enum ResizeSignal {
    /// The pipe's read end, or -1 before `install`.
    nonisolated(unsafe) private(set) static var readDescriptor: Int32 = -1
    nonisolated(unsafe) private static var writeDescriptor: Int32 = -1
    nonisolated(unsafe) private static var previous = sigaction()

    /// Installs the handler once, after `initscr` (which installs ncurses' own). Returns the read end.
    static func install() -> Int32 {
        if readDescriptor >= 0 { return readDescriptor }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return -1 }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        writeDescriptor = fds[1]
        readDescriptor = fds[0]
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { number in
            // Only async-signal-safe calls here: the previous handler (ncurses sets a flag) and write.
            let chained = ResizeSignal.previous
            if chained.sa_flags & SA_SIGINFO == 0 {
                let handler = chained.__sigaction_handler.sa_handler
                if let handler, unsafeBitCast(handler, to: Int.self) > 1 { handler(number) }  // not SIG_DFL/SIG_IGN
            }
            let saved = errno
            var byte: UInt8 = 1
            _ = write(ResizeSignal.writeDescriptor, &byte, 1)
            errno = saved
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        // ncurses' handler first, so a resize arriving while ours goes in still reaches it.
        sigaction(SIGWINCH, nil, &previous)
        sigaction(SIGWINCH, &action, nil)
        return readDescriptor
    }

    /// Empties the pipe; true if a resize was signalled since the last call.
    static func drain() -> Bool {
        guard readDescriptor >= 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 64)
        var any = false
        while read(readDescriptor, &buffer, buffer.count) > 0 { any = true }
        return any
    }
}
