import FaxTestSupport
import Foundation
import Testing

/// A receiver that cannot listen ends faxtop at once, with one line saying why and exit code 2, in the
/// dashboard and headless alike (the dashboard used to show "starting…" for ever and exit 0 on `q`).
@Suite(.serialized) struct ReceiverStartFailureTests {
    /// A port held by another program for the length of a test.
    final class OccupiedPort {
        let port: Int
        private let fd: Int32

        init() throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            self.fd = fd
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0, listen(fd, 1) == 0 else { throw E2EError("cannot occupy a port: errno \(errno)") }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        deinit { close(fd) }
    }

    static let environment: [String: String?] = ["XDG_CONFIG_HOME": "/nonexistent-faxtop-config", "FAXTOP_TOKEN": nil]

    /// Runs headless faxtop with `arguments` and returns its exit code and stderr.
    static func headless(_ arguments: [String], as user: String? = nil) throws -> (status: Int32, stderr: String) {
        var command = [try Package.binary, "watch", "--headless", "--memory"] + arguments
        if let user { command = ["setpriv", "--reuid=\(user)", "--regid=\(user)", "--clear-groups"] + command }
        let run = try ChildProcess.run(command[0], Array(command.dropFirst()), environment: environment, timeout: 20)
        return (run.status, run.stderr)
    }

    @Test func headlessOnATakenPortSaysSoAndExits2() async throws {
        try await onOwnThread {
            let taken = try OccupiedPort()
            let run = try Self.headless(["--host", "127.0.0.1", "--port", "\(taken.port)"])
            #expect(run.status == 2)
            #expect(run.stderr == "faxtop: port \(taken.port) is in use — another faxtop? choose one with --port\n")
        }
    }

    @Test func anAddressNotOnThisMachineSaysSoAndExits2() async throws {
        try await onOwnThread {
            let run = try Self.headless(["--host", "192.0.2.1", "--port", "0"])  // TEST-NET-1, never local
            #expect(run.status == 2)
            #expect(run.stderr == "faxtop: address 192.0.2.1 is not on this machine — choose one with --host (0.0.0.0 for all)\n")
        }
    }

    @Test func anUnknownHostSaysSoAndExits2() async throws {
        try await onOwnThread {
            let run = try Self.headless(["--host", "no-such-host.invalid", "--port", "0"])
            #expect(run.status == 2)
            #expect(run.stderr == "faxtop: cannot resolve host no-such-host.invalid — choose an address of this machine with --host\n")
        }
    }

    /// Ports below 1024 need privileges; the tests run as root in CI, so this one drops to `nobody`.
    @Test func aLowPortWithoutPrivilegeSaysSoAndExits2() async throws {
        try await onOwnThread {
            let run = try Self.headless(["--host", "127.0.0.1", "--port", "81"], as: getuid() == 0 ? "65534" : nil)
            #expect(run.status == 2, "\(run.stderr)")
            #expect(run.stderr == "faxtop: not allowed to listen on port 81 (ports below 1024 need root or CAP_NET_BIND_SERVICE) — choose one with --port\n")
        }
    }

    /// The dashboard does not take the terminal at all: the line is on the screen it leaves behind.
    @Test func theDashboardOnATakenPortSaysSoAndExits2() async throws {
        try await onOwnThread {
            let taken = try OccupiedPort()
            let log = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-e2e-\(UUID().uuidString).log").path
            defer { unlink(log) }
            let session = try TmuxSession(faxtop: ["watch", "--memory", "--host", "127.0.0.1", "--port", "\(taken.port)", "--log-file", log])
            let screen = try session.waitFor(timeout: 10, "faxtop to exit") { $0.contains("FAXTOP-EXITED=") }
            #expect(screen.contains("faxtop: port \(taken.port) is in use — another faxtop? choose one with --port\nFAXTOP-EXITED=2"))
            let logged = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            #expect(logged.contains("port \(taken.port) is in use"), "the log says it too: \(logged)")
        }
    }
}
