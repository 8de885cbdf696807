import Foundation
import Synchronization

/// A PostgreSQL server of the tests' own: `initdb` into a temporary folder, started on a free port on
/// 127.0.0.1 (and a Unix socket in the same folder), stopped when the test process exits or ``stop()``
/// is called. PostgreSQL refuses to run as root, so as root (CI) the server runs as the `postgres`
/// user. Each test takes a database of its own (``makeDatabase()``), so tests run side by side.
///
/// Roles: `faxtop` (superuser, trusted), `secured` (password `right-password`, checked).
public final class ThrowawayPostgres: Sendable {
    public let folder: String
    public let port: Int
    private let binaries: String
    private let counter = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)

    /// One server for the whole test process, started at first use.
    public static var shared: ThrowawayPostgres {
        get throws { try sharedServer.get() }
    }

    private static let sharedServer = Result { try ThrowawayPostgres() }

    public init() throws {
        guard let binaries = Self.findBinaries() else {
            throw ChildProcess.Failure("PostgreSQL's server binaries are not installed (apt-get install postgresql): "
                                       + "the PostgreSQL journal's tests need them")
        }
        self.binaries = binaries
        folder = NSTemporaryDirectory() + "faxtop-pg-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        port = try Self.freePort()
        if geteuid() == 0 {
            _ = try ChildProcess.run("/bin/chown", ["postgres:postgres", folder])
        }
        try run("initdb", ["-D", folder + "/data", "-U", "faxtop", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"])
        try """
            local all all trust
            host all secured 127.0.0.1/32 scram-sha-256
            host all all 127.0.0.1/32 trust
            """.write(toFile: folder + "/data/pg_hba.conf", atomically: false, encoding: .utf8)
        if geteuid() == 0 {
            _ = try ChildProcess.run("/bin/chown", ["postgres:postgres", folder + "/data/pg_hba.conf"])
        }
        try start()
        Self.toStop.withLock { $0.append(self) }
        Self.registerExitHook
        try psql("CREATE ROLE secured LOGIN PASSWORD 'right-password'")
    }

    /// `postgres://faxtop@127.0.0.1:port/name?sslmode=disable`
    public func url(database: String, user: String = "faxtop", password: String? = nil) -> String {
        let credentials = password.map { "\(user):\($0)" } ?? user
        return "postgres://\(credentials)@127.0.0.1:\(port)/\(database)?sslmode=disable"
    }

    /// A new, empty database, and its URL.
    public func makeDatabase() throws -> String {
        let name = "t\(getpid())_\(counter.add(1, ordering: .relaxed).newValue)"
        try psql("CREATE DATABASE \(name)")
        return url(database: name)
    }

    /// Runs SQL as the superuser in `database`.
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres") throws -> String {
        let result = try ChildProcess.run(binaries + "/psql", [
            "-h", "127.0.0.1", "-p", "\(port)", "-U", "faxtop", "-d", database, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql,
        ])
        guard result.status == 0 else { throw ChildProcess.Failure("psql \(sql): \(result.stderr)") }
        return result.stdout
    }

    public func start() throws {
        try run("pg_ctl", ["-D", folder + "/data", "-l", folder + "/log", "-w", "-t", "60", "-o",
                           "-p \(port) -k \(folder) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300", "start"])
        stopped.store(false, ordering: .releasing)
    }

    /// Stops the server at once (`-m immediate`: as a crash would).
    public func stop(mode: String = "immediate") throws {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        try run("pg_ctl", ["-D", folder + "/data", "-m", mode, "-w", "stop"])
    }

    private func run(_ tool: String, _ arguments: [String]) throws {
        var executable = binaries + "/" + tool, all = arguments
        if geteuid() == 0 {
            all = ["-u", "postgres", "--", executable] + arguments
            executable = "/usr/sbin/runuser"
        }
        let result = try ChildProcess.run(executable, all, timeout: 120)
        guard result.status == 0 else {
            throw ChildProcess.Failure("\(tool) failed (\(result.status)): \(result.stderr)\(result.stdout)")
        }
    }

    private static func findBinaries() -> String? {
        let base = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []).sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }
        return versions.map { "\(base)/\($0)/bin" }.first { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") }
    }

    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw ChildProcess.Failure("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static let toStop = Mutex<[ThrowawayPostgres]>([])
    private static let registerExitHook: Void = {
        atexit {
            for server in ThrowawayPostgres.toStop.withLock({ $0 }) {
                try? server.stop()
                try? FileManager.default.removeItem(atPath: server.folder)
            }
        }
    }()
}
