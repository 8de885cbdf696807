import FaxCore
import Foundation
import TOMLKit

/// `$XDG_CONFIG_HOME/faxtop/config.toml` (or `~/.config/faxtop/config.toml`): defaults for `watch`.
///
/// ```toml
/// port = 8080
/// host = "0.0.0.0"
/// path = "/webhook"
/// token_file = "~/.config/faxtop/token"
/// allow = ["34.65.253.117/32", "34.65.146.131/32", "127.0.0.0/8"]
/// trust_proxy = ["127.0.0.0/8"]
/// theme = "solarized"
/// db = "~/faxes/events.sqlite"
/// max_body = 65536
/// osc52 = false        # y / Y do not copy through the terminal
/// ```
///
/// Unknown keys are errors (a typo must not be silently ignored). `~/` is expanded, and relative
/// paths are taken relative to the file's own directory.
public enum ConfigFile {
    public static let keys = ["host", "port", "path", "token_file", "allow", "trust_proxy", "theme", "db", "max_body", "osc52"]

    /// Where the file is looked for, from `XDG_CONFIG_HOME` (if absolute) or `HOME`.
    public static func defaultPath(environment: [String: String]) -> String {
        XDGDirectory.config.faxtopDirectory(environment: environment) + "/config.toml"
    }

    /// The defaults in the file at `path`, or nil when there is no such file.
    public static func loadIfPresent(path: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigError) -> WatchDefaults?
    {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try load(path: path, environment: environment)
    }

    /// The defaults in the file at `path`.
    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigError) -> WatchDefaults
    {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(path: path, line: nil, message: "cannot read the file: \(error.localizedDescription)")
        }
        return try parse(text, path: path, environment: environment)
    }

    /// The defaults in `text`; `path` names the file in errors and anchors relative paths.
    public static func parse(_ text: String, path: String, environment: [String: String] = [:]) throws(ConfigError) -> WatchDefaults {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(path: path, line: error.source.begin.line, message: "not valid TOML: \(error.description)")
        } catch {
            throw ConfigError(path: path, line: nil, message: "not valid TOML: \(error)")
        }
        let reader = Reader(table: table, locator: TOMLKeyLocator(text),
                            path: path, home: environment["HOME"] ?? NSHomeDirectory())
        for key in table.keys where !keys.contains(key) {
            let hint = keys.first { $0.replacingOccurrences(of: "_", with: "-") == key || $0.editDistance(to: key) <= 2 }
            throw reader.error(key, "unknown key \"\(key)\"" + (hint.map { " (did you mean \"\($0)\"?)" } ?? "")
                + "; known keys: " + keys.joined(separator: ", "))
        }
        var defaults = WatchDefaults()
        defaults.host = try reader.string("host", nonEmpty: true)
        defaults.port = try reader.integer("port", in: 0...65_535)
        defaults.path = try reader.string("path", nonEmpty: true)
        defaults.tokenFile = try reader.string("token_file", nonEmpty: true).map(reader.resolvePath)
        defaults.allow = try reader.cidrs("allow")
        defaults.trustProxy = try reader.cidrs("trust_proxy")
        defaults.theme = try reader.string("theme", nonEmpty: true).map { $0.contains("/") ? reader.resolvePath($0) : $0 }
        // A PostgreSQL URL is taken as it is; a file's path is relative to the config file.
        defaults.db = try reader.string("db", nonEmpty: true).map { text in
            text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") ? text : reader.resolvePath(text)
        }
        defaults.maxBody = try reader.integer("max_body", in: 1...Int.max)
        defaults.osc52 = try reader.bool("osc52")
        return defaults
    }

    private struct Reader {
        let table: TOMLTable
        let locator: TOMLKeyLocator
        let path: String
        let home: String

        func error(_ key: String, _ message: String) -> ConfigError {
            ConfigError(path: path, line: line(of: key), message: message)
        }

        /// The line a top-level key is set on (TOMLKit reports positions only for syntax errors).
        func line(of key: String) -> Int? { locator.line(of: [key]) }

        func string(_ key: String, nonEmpty: Bool) throws(ConfigError) -> String? {
            guard let value = table[key] else { return nil }
            guard let text = value.string else { throw error(key, "\(key): expected a string, got \(Self.kind(value))") }
            if nonEmpty && text.isEmpty { throw error(key, "\(key): must not be empty") }
            return text
        }

        func integer(_ key: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int? {
            guard let value = table[key] else { return nil }
            guard let number = value.int else { throw error(key, "\(key): expected an integer, got \(Self.kind(value))") }
            guard range.contains(number) else {
                let bound = range.upperBound == Int.max ? "at least \(range.lowerBound)" : "\(range.lowerBound)...\(range.upperBound)"
                throw error(key, "\(key): must be \(bound), got \(number)")
            }
            return number
        }

        func bool(_ key: String) throws(ConfigError) -> Bool? {
            guard let value = table[key] else { return nil }
            guard let flag = value.bool else { throw error(key, "\(key): expected true or false, got \(Self.kind(value))") }
            return flag
        }

        func cidrs(_ key: String) throws(ConfigError) -> [String]? {
            guard let value = table[key] else { return nil }
            guard let array = value.array else {
                throw error(key, "\(key): expected an array of CIDR strings such as [\"127.0.0.0/8\"], got \(Self.kind(value))")
            }
            var result: [String] = []
            for (index, element) in array.enumerated() {
                guard let text = element.string else {
                    throw error(key, "\(key)[\(index)]: expected a string, got \(Self.kind(element))")
                }
                guard CIDR(text) != nil else {
                    throw error(key, "\(key)[\(index)]: \"\(text)\" is not an address or CIDR block (e.g. 10.0.0.0/8, ::1/128)")
                }
                result.append(text)
            }
            return result
        }

        func resolvePath(_ text: String) -> String {
            if text == "~" { return home }
            if text.hasPrefix("~/") { return home.trimmingSuffixSlashes() + String(text.dropFirst(1)) }
            if text.hasPrefix("/") { return text }
            let directory = (path as NSString).deletingLastPathComponent
            return directory.isEmpty ? text : directory + "/" + text
        }

        static func kind(_ value: TOMLValueConvertible) -> String {
            switch value.type {
            case .string: return "a string"
            case .int: return "an integer"
            case .double: return "a number with a fraction"
            case .bool: return "a boolean"
            case .array: return "an array"
            case .table: return "a table"
            default: return "a date or time"
            }
        }
    }
}

extension String {
    fileprivate func trimmingSuffixSlashes() -> String {
        var text = self
        while text.count > 1, text.hasSuffix("/") { text.removeLast() }
        return text
    }

    /// Levenshtein distance, for "did you mean" hints.
    fileprivate func editDistance(to other: String) -> Int {
        let a = Array(self), b = Array(other)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
