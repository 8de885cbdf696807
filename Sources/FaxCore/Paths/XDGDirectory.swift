import Foundation

/// faxtop's folders under the XDG base directories: config (config.toml, themes), data (the event
/// database) and state (the UI's log). One rule for all of them, as the XDG spec gives it: the
/// variable counts only when it is an absolute path; otherwise the folder under `$HOME` is used.
public enum XDGDirectory: Sendable {
    case config, data, state

    private var variable: String {
        switch self {
        case .config: return "XDG_CONFIG_HOME"
        case .data: return "XDG_DATA_HOME"
        case .state: return "XDG_STATE_HOME"
        }
    }

    private var underHome: String {
        switch self {
        case .config: return ".config"
        case .data: return ".local/share"
        case .state: return ".local/state"
        }
    }

    /// `$XDG_…_HOME/faxtop`, or `$HOME/<.config|.local/share|.local/state>/faxtop`.
    public func faxtopDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let base = environment[variable], base.hasPrefix("/") {
            return Self.trimmingSlashes(base) + "/faxtop"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return Self.trimmingSlashes(home) + "/" + underHome + "/faxtop"
    }

    private static func trimmingSlashes(_ path: String) -> String {
        var trimmed = path
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        return trimmed
    }
}
