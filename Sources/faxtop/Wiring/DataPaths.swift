import FaxCore

/// Where the UI writes its log: never the screen.
enum DataPaths {
    static func defaultLogFile() -> String { XDGDirectory.state.faxtopDirectory() + "/faxtop.log" }
}
