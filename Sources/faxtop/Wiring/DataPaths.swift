import Foundation

/// XDG locations for faxtop's files.
enum DataPaths {
    static func stateDirectory() -> String {
        let env = ProcessInfo.processInfo.environment
        if let state = env["XDG_STATE_HOME"], !state.isEmpty { return state + "/faxtop" }
        return NSHomeDirectory() + "/.local/state/faxtop"
    }

    static func defaultLogFile() -> String { stateDirectory() + "/faxtop.log" }
}
