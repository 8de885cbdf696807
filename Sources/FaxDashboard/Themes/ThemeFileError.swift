import Foundation

/// A theme file that cannot be used: unreadable, not TOML, or TOML that does not describe a theme.
/// Its description is the message for the user, `file:line: what is wrong`
/// (`file:line:column:` for TOML syntax errors).
public struct ThemeFileError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// The file as it was named when loading it.
    public var file: String
    /// 1-based line of the problem, when it could be found.
    public var line: Int?
    /// 1-based column, known for TOML syntax errors only.
    public var column: Int?
    public var message: String

    public init(file: String, line: Int?, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if line != nil, let column { location += ":\(column)" }
        return "\(location): \(message)"
    }

    public var errorDescription: String? { description }
}

/// `--theme NAME` named no theme that was found.
public struct UnknownThemeError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    public var name: String
    /// Every theme that could have been chosen, in the order `t` cycles through them.
    public var available: [String]
    /// The folders that were searched, most important first.
    public var searched: [String]

    public init(name: String, available: [String], searched: [String]) {
        self.name = name
        self.available = available
        self.searched = searched
    }

    public var description: String {
        var text = "unknown theme \"\(name)\"; available: \(available.joined(separator: ", "))"
        if !searched.isEmpty { text += " (searched \(searched.joined(separator: ", ")))" }
        return text
    }

    public var errorDescription: String? { description }
}
