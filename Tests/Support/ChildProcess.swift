import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process for tests, started with `posix_spawn` and reaped with `waitpid` on its own pid.
///
/// Why not Foundation's `Process`: on Linux it watches for exits with a shared SIGCHLD handler, and
/// with several tests starting short-lived processes at once (tmux clients, the faxtop binary, sqlite3)
/// it now and then missed one: the child sat as a zombie while `waitUntilExit()` or the termination
/// handler waited forever, and the whole `swift test` run hung (CI's 90 minutes ran out). Here each
/// waiter asks the kernel about its own pid, and every wait has a deadline.
public final class ChildProcess: @unchecked Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    /// What a finished run left behind.
    public struct Finished: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Where a child's standard stream goes.
    public enum Stream {
        case null
        /// A pipe this object holds the other end of (`writeInput`, `readAvailable`, `readAvailableFromStderr`).
        case pipe
        /// A file, created or truncated.
        case file(String)
        /// Standard error joined to standard output.
        case toStdout
        /// A descriptor this process has open (a pseudo-terminal's side, say); the caller keeps it.
        case descriptor(Int32)
    }

    public let pid: pid_t
    /// The write end of the child's stdin pipe, when stdin is `.pipe`.
    public private(set) var inputFD: Int32 = -1
    /// The read end of the child's stdout pipe, when stdout is `.pipe`.
    public let outputFD: Int32
    /// The read end of the child's stderr pipe, when stderr is `.pipe`.
    public let errorFD: Int32
    private let lock = NSLock()
    private var exitStatus: Int32?

    /// Starts `executable` (a path, or a name looked up in PATH) with `arguments`.
    /// `environment` entries are added to (or, with a nil value, removed from) this process's own.
    public init(_ executable: String, _ arguments: [String], environment: [String: String?] = [:],
                stdin: Stream = .null, stdout: Stream = .null, stderr: Stream = .null) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var parentEnds: [Int32] = []
        var childEnds: [Int32] = []
        defer { childEnds.forEach { close($0) } }

        func pipePair() throws -> (read: Int32, write: Int32) {
            var fds: [Int32] = [-1, -1]
            guard pipe(&fds) == 0 else { throw Failure("pipe failed: errno \(errno)") }
            // Close-on-exec: a process another test starts meanwhile must not inherit this pipe (it
            // would hold it open, and a reader would never see the end of it). dup2 clears the flag
            // on the child's own copy.
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            return (fds[0], fds[1])
        }

        var input: Int32 = -1, output: Int32 = -1, error: Int32 = -1
        for (stream, target) in [(stdin, Int32(0)), (stdout, 1), (stderr, 2)] {
            switch stream {
            case .null:
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
            case .file(let path):
                posix_spawn_file_actions_addopen(&actions, target, path, target == 0 ? O_RDONLY : (O_WRONLY | O_CREAT | O_TRUNC), 0o600)
            case .toStdout:
                posix_spawn_file_actions_adddup2(&actions, 1, target)
            case .descriptor(let fd):
                posix_spawn_file_actions_adddup2(&actions, fd, target)
            case .pipe:
                let pair = try pipePair()
                let (parentEnd, childEnd) = target == 0 ? (pair.write, pair.read) : (pair.read, pair.write)
                parentEnds.append(parentEnd)
                childEnds.append(childEnd)
                posix_spawn_file_actions_adddup2(&actions, childEnd, target)
                switch target {
                case 0: input = parentEnd
                case 1: output = parentEnd
                default: error = parentEnd
                }
            }
        }

        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        // A clean slate of signals, as a shell would give: the spawning thread may have signals blocked
        // (the test process's threads do), and a mask or an ignored signal would be inherited by the
        // child and everything it starts (a tmux server, and faxtop inside it).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        sigdelset(&allSignals, SIGKILL)
        sigdelset(&allSignals, SIGSTOP)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var child: pid_t = 0
        let result = posix_spawnp(&child, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            parentEnds.forEach { close($0) }
            throw Failure("could not start \(executable): \(String(cString: strerror(result)))")
        }
        pid = child
        inputFD = input
        outputFD = output
        errorFD = error
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            _ = wait(timeout: 5)
        }
        if inputFD >= 0 { close(inputFD) }
        if outputFD >= 0 { close(outputFD) }
        if errorFD >= 0 { close(errorFD) }
    }

    public func signal(_ signal: Int32 = SIGTERM) {
        kill(pid, signal)
    }

    /// Writes to the child's stdin pipe.
    public func writeInput(_ text: String) throws {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let sent = bytes.withUnsafeBytes { Glibc.write(inputFD, $0.baseAddress, $0.count) }
            guard sent > 0 else { throw Failure("write to stdin failed: errno \(errno)") }
            bytes = bytes.dropFirst(sent)
        }
    }

    /// Closes the child's stdin, so it sees the end of its input.
    public func closeInput() {
        if inputFD >= 0 { close(inputFD) }
        inputFD = -1
    }

    /// Whatever the child has written to its stdout pipe, waiting up to `timeout` seconds for something;
    /// empty at the end of the output or on timeout.
    public func readAvailable(timeout: Double) -> [UInt8] {
        Self.readAvailable(from: outputFD, timeout: timeout)
    }

    /// Whatever the child has written to its stderr pipe, as ``readAvailable(timeout:)`` does for stdout.
    public func readAvailableFromStderr(timeout: Double) -> [UInt8] {
        Self.readAvailable(from: errorFD, timeout: timeout)
    }

    /// What can be read from `fd` within `timeout` seconds; empty at its end or on timeout.
    public static func readAvailable(from fd: Int32, timeout: Double) -> [UInt8] {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, Int32(max(0, timeout) * 1000)) > 0 else { return [] }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = read(fd, &chunk, chunk.count)
        return count > 0 ? Array(chunk[..<count]) : []
    }

    /// The exit status if the child exits within `timeout` seconds, else nil; unlike
    /// ``wait(timeout:)`` it leaves a child that is still running alone.
    public func exitStatus(within timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let done = lock.withLock({ exitStatus }) { return done }
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                lock.withLock { exitStatus = code }
                return code
            }
            if reaped < 0 && errno != EINTR {
                lock.withLock { exitStatus = -1 }
                return -1
            }
            if Date() >= deadline { return nil }
            usleep(2_000)
        }
    }

    /// Waits for the child to exit and returns its exit status (128 + signal when killed by one). After
    /// `timeout` seconds the child is killed and `nil` is returned: a test must not wait forever.
    @discardableResult
    public func wait(timeout: Double = 60) -> Int32? {
        if let done = lock.withLock({ exitStatus }) { return done }
        let deadline = Date().addingTimeInterval(timeout)
        var killed = false
        while true {
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                lock.withLock { exitStatus = code }
                return killed ? nil : code
            }
            if reaped < 0 && errno != EINTR {
                lock.withLock { exitStatus = -1 }
                return killed ? nil : -1
            }
            if !killed && Date() > deadline {
                kill(pid, SIGKILL)
                killed = true
            }
            usleep(2_000)
        }
    }

    /// Runs a command to its end and collects its output (through files, so a chatty child can never
    /// block on a full pipe). Blocks the calling thread; see ``finished(_:_:environment:input:timeout:)``.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String?] = [:],
                           input: String? = nil, timeout: Double = 60) throws -> Finished {
        let base = NSTemporaryDirectory() + "faxtop-child-" + UUID().uuidString
        defer { for suffix in [".in", ".out", ".err"] { unlink(base + suffix) } }
        var stdin = Stream.null
        if let input {
            try input.write(toFile: base + ".in", atomically: false, encoding: .utf8)
            stdin = .file(base + ".in")
        }
        let child = try ChildProcess(executable, arguments, environment: environment,
                                     stdin: stdin, stdout: .file(base + ".out"), stderr: .file(base + ".err"))
        guard let status = child.wait(timeout: timeout) else {
            throw Failure("\(executable) \(arguments.joined(separator: " ")) did not finish within \(timeout) s")
        }
        func text(_ path: String) -> String {
            (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        }
        return Finished(status: status, stdout: text(base + ".out"), stderr: text(base + ".err"))
    }

    /// ``run(_:_:environment:input:timeout:)`` on a thread of its own, so an async test does not hold
    /// one of the few threads Swift concurrency has (two on a two-core machine) while the child runs.
    public static func finished(_ executable: String, _ arguments: [String], environment: [String: String?] = [:],
                                input: String? = nil, timeout: Double = 60) async throws -> Finished {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result {
                    try run(executable, arguments, environment: environment, input: input, timeout: timeout)
                })
            }
        }
    }

    /// ``wait(timeout:)`` on a thread of its own, for async tests.
    public static func exit(of child: ChildProcess, timeout: Double = 60) async -> Int32? {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: child.wait(timeout: timeout)) }
        }
    }
}
