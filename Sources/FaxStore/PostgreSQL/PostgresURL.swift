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
    /// Seconds to wait for a connection (`connect_timeout`, 5 by default).
    public var connectTimeout: Int

    static let parameters = ["sslmode", "host", "port", "user", "password", "dbname", "connect_timeout"]

    /// Whether `text` is meant as a PostgreSQL URL rather than a SQLite file's path.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public init(parsing text: String, defaultUser: String = ProcessInfo.processInfo.environment["USER"] ?? "postgres") throws {
        guard Self.isPostgres(text), let components = URLComponents(string: text) else {
            throw PostgresURLError("not a postgres:// URL: \(Self.masked(text))")
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        for name in query.keys where !Self.parameters.contains(name) {
            throw PostgresURLError("unknown parameter \(name) in the database URL (known: \(Self.parameters.joined(separator: ", ")))")
        }
        if let text = query["connect_timeout"] {
            guard let seconds = Int(text), seconds > 0 else {
                throw PostgresURLError("the database URL's connect_timeout \(text) is not a number of seconds")
            }
            connectTimeout = seconds
        } else {
            connectTimeout = 5
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

    /// `text` with any password replaced, for messages about a URL that did not parse: the user part
    /// ends at the last `@` before the path (a password may hold an unencoded `@`), and a `password=`
    /// parameter is replaced too.
    public static func masked(_ text: String) -> String {
        var out = text
        if let scheme = out.range(of: "://") {
            let rest = out[scheme.upperBound...]
            let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@"),
               let colon = rest[..<at].firstIndex(of: ":") {
                out = String(out[..<colon]) + ":***" + String(out[at...])
            }
        }
        if let range = out.range(of: #"password=[^&]*"#, options: .regularExpression) {
            out.replaceSubrange(range, with: "password=***")
        }
        return out
    }
}

public struct PostgresURLError: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
}
