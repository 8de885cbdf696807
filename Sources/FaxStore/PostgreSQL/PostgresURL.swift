import Foundation

/// A `postgres://user:password@host:port/database?sslmode=…` URL (`--db`, `FAXTOP_DB_URL`), read the
/// way libpq reads one, for the parts faxtop uses. `?host=/dir` names a Unix socket folder, as in libpq.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    public enum SSLMode: String, Sendable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var user: String
    public var password: String?
    /// A host name or address; nil with ``socketFolder``.
    public var host: String?
    public var port: Int
    /// The folder holding `.s.PGSQL.<port>` when connecting through a Unix socket.
    public var socketFolder: String?
    public var database: String
    public var sslMode: SSLMode

    /// Whether `text` is meant as a PostgreSQL URL rather than a SQLite file's path.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public init(parsing text: String, defaultUser: String = ProcessInfo.processInfo.environment["USER"] ?? "postgres") throws {
        guard Self.isPostgres(text), let components = URLComponents(string: text) else {
            throw PostgresURLError("not a postgres:// URL: \(Self.masked(text))")
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        for name in query.keys where !["sslmode", "host", "port", "user", "password", "dbname", "application_name", "connect_timeout"].contains(name) {
            throw PostgresURLError("unknown parameter \(name) in the database URL (known: sslmode, host, port, user, password, dbname)")
        }
        user = query["user"] ?? components.percentEncodedUser.flatMap { $0.removingPercentEncoding } ?? defaultUser
        password = query["password"] ?? components.percentEncodedPassword.flatMap { $0.removingPercentEncoding }
        let portText = query["port"] ?? components.port.map(String.init)
        if let portText {
            guard let port = Int(portText), (1...65_535).contains(port) else {
                throw PostgresURLError("the database URL's port \(portText) is not a port number")
            }
            self.port = port
        } else {
            port = 5432
        }
        let named = query["host"] ?? components.percentEncodedHost.flatMap { $0.removingPercentEncoding }.flatMap { $0.isEmpty ? nil : $0 }
        if let named, named.hasPrefix("/") {
            socketFolder = named
            host = nil
        } else {
            host = named ?? "localhost"
            socketFolder = nil
        }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = query["dbname"] ?? (path.isEmpty ? user : path)
        guard let mode = SSLMode(rawValue: query["sslmode"] ?? "prefer") else {
            throw PostgresURLError("sslmode \(query["sslmode"] ?? "") is not one of disable, allow, prefer, require, verify-ca, verify-full")
        }
        sslMode = mode
    }

    /// The Unix socket's path, when the URL names a socket folder.
    public var socketPath: String? { socketFolder.map { "\($0)/.s.PGSQL.\(port)" } }

    /// Where it points, without the password: for the header, logs and error messages.
    public var description: String {
        let place = socketFolder.map { "\($0):\(port)" } ?? "\(host ?? "localhost"):\(port)"
        return "postgres://\(user)@\(place)/\(database)"
    }

    /// `text` with any password replaced, for messages about a URL that did not parse.
    public static func masked(_ text: String) -> String {
        guard let at = text.firstIndex(of: "@"), let scheme = text.range(of: "://"), scheme.upperBound < at else { return text }
        let credentials = text[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }
}

public struct PostgresURLError: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
}
