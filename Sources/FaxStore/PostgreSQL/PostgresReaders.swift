import Foundation
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// A few connections for the store's synchronous reads (the UI thread, followers, the history load,
/// export), each used by one caller at a time and opened again when it was lost.
final class PostgresReaders: Sendable {
    private let connector: PostgresConnector
    private let idle = Mutex<[PostgresConnection]>([])
    /// Idle connections kept; more may be open while many read at once.
    private let keep = 4
    /// Seconds a read may take before its connection is given up (the UI thread may be the one waiting).
    static let deadline: Int64 = 10

    init(connector: PostgresConnector) {
        self.connector = connector
    }

    /// Runs `query` on a reader connection and waits for all its rows.
    func rows(_ query: PostgresQuery, doing action: String) throws(StoreError) -> [PostgresRow] {
        try withConnection(doing: action) { connection in
            try connection.query(query, logger: connector.logger).wait().rows
        }
    }

    /// Runs `work` with a connection of its own; a connection that failed is closed, not reused.
    func withConnection<T>(doing action: String, _ work: (PostgresConnection) throws -> T) throws(StoreError) -> T {
        // NIO's threads must never wait here: they are the ones that would complete the read.
        guard MultiThreadedEventLoopGroup.currentEventLoop == nil else {
            throw StoreError(.unavailable, "\(action): a read was asked for on a network thread")
        }
        let connection = try take()
        do {
            let result = try connection.withDeadline(seconds: Self.deadline) { try work(connection) }
            give(connection)
            return result
        } catch {
            if PostgresErrors.lostConnection(error, connection) {
                connection.closeSoon()
            } else {
                give(connection)
            }
            throw PostgresErrors.storeError(error, url: connector.url, doing: action)
        }
    }

    func take() throws(StoreError) -> PostgresConnection {
        while let connection = idle.withLock({ $0.popLast() }) {
            if !connection.isClosed { return connection }
        }
        return try connector.connectNow()
    }

    func give(_ connection: PostgresConnection) {
        let surplus: PostgresConnection? = idle.withLock { list in
            guard list.count < keep else { return connection }
            list.append(connection)
            return nil
        }
        surplus?.closeSoon()
    }

    deinit {
        for connection in idle.withLock({ $0 }) { connection.closeSoon() }
    }

    func close() {
        for connection in idle.withLock({ list in defer { list = [] }; return list }) {
            try? (connection.close() as EventLoopFuture<Void>).wait()
        }
    }
}
