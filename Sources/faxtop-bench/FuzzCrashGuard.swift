import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Keeps the input under test where a fatal signal handler (a crash, a trap, a stack overflow) and a
/// watchdog (a hang) can still write it to a file: a fuzzer that dies without its input is no help.
enum FuzzCrashGuard {
    // Read from a signal handler, so plain globals set once before the handler is installed.
    nonisolated(unsafe) private static var current: UnsafeBufferPointer<UInt8>?
    nonisolated(unsafe) private static var path: UnsafeMutablePointer<CChar>?
    private static let progress = ProgressCounter()

    /// Installs the handlers; a crashing or hanging input is written to `file`.
    static func install(file: String) {
        path = strdup(file)
        // An alternate stack, so a stack overflow (runaway recursion) still reaches the handler.
        let size = 1 << 16
        var stack = stack_t(ss_sp: malloc(size), ss_flags: 0, ss_size: size)
        sigaltstack(&stack, nil)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signal in
            let message = FuzzCrashGuard.writeCurrent()
                ? "fuzz: fatal signal while decoding; the input is written\n" : "fuzz: fatal signal outside decoding\n"
            _ = message.withCString { write(2, $0, strlen($0)) }
            _exit(3)
        }
        action.sa_flags = Int32(truncatingIfNeeded: UInt32(SA_ONSTACK) | UInt32(SA_RESETHAND))
        for signal in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT] { sigaction(signal, &action, nil) }
        startWatchdog()
    }

    /// Runs `body` with `input` registered as the one under test.
    static func run<T>(_ input: [UInt8], _ body: () -> T) -> T {
        progress.tick()
        return input.withUnsafeBufferPointer { buffer in
            current = buffer
            defer { current = nil }
            return body()
        }
    }

    /// Only async-signal-safe calls (open, write, close). Returns whether an input was written.
    @discardableResult
    private static func writeCurrent() -> Bool {
        guard let path, let input = current else { return false }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return false }
        if let base = input.baseAddress { _ = write(fd, base, input.count) }
        close(fd)
        return true
    }

    /// A hang never returns, so the per-input time check cannot see it: a thread notices no progress.
    private static func startWatchdog() {
        let thread = Thread {
            var last = -1
            while true {
                Thread.sleep(forTimeInterval: 5)
                let now = progress.value
                if now == last {
                    writeCurrent()
                    FileHandle.standardError.write(Data("fuzz: an input has run for over 5 s (hang); input written\n".utf8))
                    exit(4)
                }
                last = now
            }
        }
        thread.start()
    }
}

/// Inputs started so far, shared with the watchdog thread.
private final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func tick() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
