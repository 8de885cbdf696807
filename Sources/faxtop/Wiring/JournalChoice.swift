import ArgumentParser
import FaxStore
import Foundation

/// Which journal a command works on: `--db` (a SQLite file's path or a `postgres://` URL), else
/// `FAXTOP_DB_URL`, else the config file's `db`, else the default SQLite file.
enum JournalChoice: Equatable {
    case sqlite(path: String)
    case postgres(PostgresURL)

    static let environmentKey = "FAXTOP_DB_URL"

    static func resolve(flag: String?, configured: String? = nil,
                        environment: [String: String] = ProcessInfo.processInfo.environment) throws -> JournalChoice {
        let fromEnvironment = environment[environmentKey].flatMap { $0.isEmpty ? nil : $0 }
        let text = flag ?? fromEnvironment ?? configured ?? StoreLocation.defaultPath()
        guard PostgresURL.isPostgres(text) else { return .sqlite(path: text) }
        do {
            return .postgres(try PostgresURL(parsing: text))
        } catch {
            // A setup error like an unreachable server: one line, exit 2.
            Stderr.write("faxtop: \(error)\n")
            throw ExitCode(ToolExitCode.usage)
        }
    }

    /// Short words for the header and messages: `~/…/events.sqlite`, or the URL without its password.
    var label: String {
        switch self {
        case .sqlite(let path): StoreOpener.shortPath(path)
        case .postgres(let url): url.description
        }
    }

    /// What error messages name: the file's whole path, or the URL without its password.
    var name: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let url): url.description
        }
    }

    var isShared: Bool {
        if case .postgres = self { return true }
        return false
    }
}
