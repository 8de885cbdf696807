/// A command typed at the dashboard's `:` prompt, as in lnav and k9s. A command may be shortened to any
/// prefix that names one command alone (`:go`, `:f`).
public enum PromptCommand: Sendable, Equatable {
    /// Select the first delivery at or after a time.
    case goto(TimeTarget)
    /// Apply a filter query (the `/` language).
    case filter(String)
    /// Switch to the theme with this name.
    case theme(String)
    /// Write the rows of the filter in effect to a file, JSONL or CSV by its extension; `overwrite`
    /// (`:export!`) replaces a file that exists.
    case export(path: String, format: ExportFormat, overwrite: Bool)

    public enum ExportFormat: String, Sendable, Equatable {
        case jsonl, csv
    }

    public static let names = ["goto", "filter", "theme", "export"]

    public static func parse(_ text: String) throws(PromptCommandError) -> PromptCommand {
        let text = text.trimmingSpaces()
        let name = String(text.prefix { $0 != " " })
        let argument = String(text.dropFirst(name.count)).trimmingSpaces()
        guard !name.isEmpty else { throw PromptCommandError("type a command: " + names.joined(separator: ", ")) }
        let overwrite = name.hasSuffix("!")
        let bare = overwrite ? String(name.dropLast()) : name
        let matches = names.filter { $0.hasPrefix(bare.lowercased()) }
        guard matches.count == 1, let command = matches.first, !bare.isEmpty else {
            let known = names.map { ":" + $0 }.joined(separator: ", ")
            throw PromptCommandError(matches.count > 1 ? "\":\(name)\" could be \(matches.joined(separator: " or ")): type more of it"
                                                       : "unknown command \":\(name)\": try \(known)")
        }
        if overwrite && command != "export" { throw PromptCommandError("only :export takes ! (to overwrite a file)") }
        switch command {
        case "goto":
            guard !argument.isEmpty else { throw PromptCommandError("goto needs a time: 14:30, 2026-12-01, 2026-12-01 14:30 or -2h") }
            guard let target = TimeTarget.parse(argument) else {
                throw PromptCommandError("goto: \"\(argument)\" is not a time (14:30, 14:30:15, 2026-12-01, 2026-12-01 14:30, -2h, -90s)")
            }
            return .goto(target)
        case "filter":
            return .filter(argument)
        case "theme":
            guard !argument.isEmpty else { throw PromptCommandError("theme needs a name (t cycles the themes)") }
            return .theme(argument)
        default:
            guard !argument.isEmpty else { throw PromptCommandError("export needs a file name ending in .jsonl or .csv") }
            let lowered = argument.lowercased()
            let format: ExportFormat
            if lowered.hasSuffix(".csv") {
                format = .csv
            } else if lowered.hasSuffix(".jsonl") || lowered.hasSuffix(".ndjson") || lowered.hasSuffix(".json") {
                format = .jsonl
            } else {
                throw PromptCommandError("export: \"\(argument)\" must end in .jsonl or .csv (the format follows the name)")
            }
            return .export(path: argument, format: format, overwrite: overwrite)
        }
    }
}

/// Why a `:` command could not be understood, in words for the status line.
public struct PromptCommandError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}
