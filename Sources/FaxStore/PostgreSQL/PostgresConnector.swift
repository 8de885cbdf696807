import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization

/// Opens connections to the journal's database, and says in one line why one could not be opened.
///
/// The store keeps its own few connections (a writer, readers, a listener) rather than a
/// `PostgresClient` pool: the store's reads are synchronous (the UI thread and followers call them),
/// and waiting on a future that NIO's threads complete needs no Swift concurrency thread, where
/// waiting on the pool's async API from a blocked thread could starve the two-thread pool.
struct PostgresConnector: Sendable {
    let url: PostgresURL
    let configuration: PostgresConnection.Configuration
    private static let ids = Atomic<Int>(0)
    let logger: Logger

    init(url: PostgresURL) throws(StoreError) {
        self.url = url
        var configuration: PostgresConnection.Configuration
        if let socket = url.socketPath {
            configuration = .init(unixSocketPath: socket, username: url.user, password: url.password, database: url.database)
        } else {
            configuration = .init(host: url.host ?? "localhost", port: url.port, username: url.user,
                                  password: url.password, database: url.database, tls: try Self.tls(url.sslMode))
        }
        configuration.options.connectTimeout = .seconds(Int64(url.connectTimeout))
        configuration.options.additionalStartupParameters = [("application_name", "faxtop")]
        self.configuration = configuration
        var logger = Logger(label: "faxtop.postgres")
        logger.logLevel = .critical
        self.logger = logger
    }

    private static func tls(_ mode: PostgresURL.SSLMode) throws(StoreError) -> PostgresConnection.Configuration.TLS {
        do {
            switch mode {
            case .disable:
                return .disable
            case .allow, .prefer, .require:
                // libpq's require encrypts without checking the certificate; so does prefer when the
                // server offers TLS.
                var tls = TLSConfiguration.makeClientConfiguration()
                tls.certificateVerification = .none
                let context = try NIOSSLContext(configuration: tls)
                return mode == .require ? .require(context) : .prefer(context)
            case .verifyCA, .verifyFull:
                var tls = TLSConfiguration.makeClientConfiguration()
                if mode == .verifyCA { tls.certificateVerification = .noHostnameVerification }
                return .require(try NIOSSLContext(configuration: tls))
            }
        } catch {
            throw StoreError(.unavailable, "cannot set up TLS for the database: \(error)")
        }
    }

    /// A new connection; fails after the connect timeout.
    func connect() -> EventLoopFuture<PostgresConnection> {
        let id = Self.ids.add(1, ordering: .relaxed).newValue
        return PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration,
                                          id: id, logger: logger)
    }

    /// A new connection, waited for on this thread (which must not be one of NIO's).
    func connectNow() throws(StoreError) -> PostgresConnection {
        do {
            return try connect().wait()
        } catch {
            throw PostgresErrors.storeError(error, url: url, doing: "connecting to")
        }
    }
}

/// PostgreSQL's and postgres-nio's errors as ``StoreError``s with a message an operator can act on.
enum PostgresErrors {
    static func storeError(_ error: any Error, url: PostgresURL, doing action: String) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let psql = error as? PSQLError else {
            return StoreError(.unavailable, "\(action) \(url): \(error)")
        }
        if let info = psql.serverInfo {
            let state = info[.sqlState] ?? ""
            let message = info[.message] ?? "error \(state)"
            switch state {
            case "28P01", "28000":
                return StoreError(.unavailable, "\(url): \(message) (check the user and password in the database URL)")
            case "3D000":
                return StoreError(.unavailable, "\(url): \(message) (create it first: createdb \(url.database))")
            case "42501":
                return StoreError(.readOnly, "\(url): \(message) (grant the user the right, or use the database's owner)")
            case "53100":
                return StoreError(.diskFull, "\(url): \(message)")
            case "57P01", "57P02", "57P03", "08000", "08003", "08006":
                return StoreError(.unavailable, "database unreachable (\(url)): \(message)")
            default:
                return StoreError(.unavailable, "\(action) \(url): \(message)")
            }
        }
        switch psql.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            let cause = psql.underlying.map { Self.describe($0) } ?? "connection closed"
            return StoreError(.unavailable, "database unreachable (\(url)): \(cause)")
        case .authMechanismRequiresPassword:
            return StoreError(.unavailable, "\(url): the server asks for a password and the database URL has none")
        case .sslUnsupported:
            return StoreError(.unavailable, "\(url): the server does not offer TLS (sslmode=require); use sslmode=prefer or disable")
        default:
            return StoreError(.unavailable, "\(action) \(url): \(psql.code)")
        }
    }

    /// NIO's connection errors in words ("connection refused").
    static func describe(_ error: any Error) -> String {
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)) }
        if let connect = error as? NIOConnectionError {
            if let first = connect.connectionErrors.first { return describe(first.error) }
            if connect.dnsAAAAError ?? connect.dnsAError != nil { return "cannot resolve \(connect.host)" }
            return "cannot connect to \(connect.host):\(connect.port)"
        }
        if error is ChannelError { return "connection closed" }
        let text = "\(error)"
        return text.contains("connectTimeout") || text.contains("Timeout") ? "timed out connecting" : text
    }

    /// Whether the connection that failed with `error` is gone and must be opened anew.
    static func lostConnection(_ error: any Error, _ connection: PostgresConnection?) -> Bool {
        if connection?.isClosed ?? true { return true }
        guard let psql = error as? PSQLError else { return true }
        if let state = psql.serverInfo?[.sqlState] { return state.hasPrefix("57P") || state.hasPrefix("08") }
        return true
    }
}

extension PostgresConnection {
    /// Closes the connection if `work` has not returned within `seconds`, so that a wait on it ends
    /// with an error instead of lasting until TCP gives up (a server gone without a reset, minutes).
    func withDeadline<T>(seconds: Int64, _ work: () throws -> T) rethrows -> T {
        let deadline = eventLoop.scheduleTask(in: .seconds(seconds)) { self.closeSoon() }
        defer { deadline.cancel() }
        return try work()
    }

    /// Closes without waiting (the future-returning `close`, not the async one). The connection is
    /// kept until it has closed: postgres-nio checks that one is closed when it goes.
    func closeSoon() {
        let closing: EventLoopFuture<Void> = close()
        closing.whenComplete { _ in withExtendedLifetime(self) {} }
    }
}
