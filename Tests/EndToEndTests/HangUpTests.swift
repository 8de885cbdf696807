import FaxTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A terminal that goes away ends faxtop, even when no SIGHUP tells it so.
@Suite struct HangUpTests {
    /// faxtop runs on a pseudo-terminal that is not its controlling terminal, so closing the terminal
    /// sends it no signal at all: only noticing the hang-up on its input can end it. (It used to poll
    /// the dead terminal for ever, spinning a core.)
    @Test func closingTheTerminalEndsFaxtopWithoutASignal() async throws {
        try await onOwnThread {
            // posix_openpt, unlockpt and ptsname by hand (Swift's Glibc module leaves them out).
            let master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)  // faxtop must not hold it too
            try #require(master >= 0, "open /dev/ptmx")
            var unlock: Int32 = 0, number: UInt32 = 0
            #expect(ioctl(master, 0x4004_5431 /* TIOCSPTLCK */, &unlock) == 0)
            #expect(ioctl(master, 0x8004_5430 /* TIOCGPTN */, &number) == 0)
            let slavePath = "/dev/pts/\(number)"
            var size = winsize(ws_row: 45, ws_col: 160, ws_xpixel: 0, ws_ypixel: 0)
            _ = ioctl(master, UInt(TIOCSWINSZ), &size)
            let slave = open(slavePath, O_RDWR | O_NOCTTY | O_CLOEXEC)
            try #require(slave >= 0, "open \(slavePath)")
            let log = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-hup-\(UUID().uuidString).log").path
            defer { unlink(log) }
            let faxtop = try ChildProcess(try Package.binary, ["watch", "--memory", "--host", "127.0.0.1", "--port", "0", "--log-file", log],
                                          environment: ["TERM": "xterm-256color", "FAXTOP_TOKEN": nil,
                                                        "XDG_CONFIG_HOME": "/nonexistent-faxtop-config"],
                                          stdin: .descriptor(slave), stdout: .descriptor(slave), stderr: .descriptor(slave))
            close(slave)
            // Read the screen until the dashboard is up (and so that faxtop never blocks on a full pty).
            var screen: [UInt8] = []
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline, !String(decoding: screen, as: UTF8.self).contains("/webhook") {
                var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
                guard poll(&descriptor, 1, 100) > 0 else { continue }
                var chunk = [UInt8](repeating: 0, count: 65_536)
                let count = read(master, &chunk, chunk.count)
                if count > 0 { screen += chunk[..<count] } else { break }
            }
            #expect(String(decoding: screen, as: UTF8.self).contains("/webhook"), "the dashboard came up")
            close(master)
            // Like `q`: a clean exit, within 10 s (wait kills it after that and gives nil).
            let status = faxtop.wait(timeout: 10)
            #expect(status == 0, "faxtop should exit cleanly within 10 s of losing its terminal")
        }
    }
}
