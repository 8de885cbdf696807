import ArgumentParser
import FaxCore

/// Options shared by `watch` and `demo`.
struct WatchOptions: ParsableArguments {
    @Option(help: "Address to listen on.")
    var host = "0.0.0.0"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = 8080

    @Option(help: "Webhook path.")
    var path = "/webhook"

    @Option(name: .customLong("max-body"), help: "Largest accepted body in bytes.")
    var maxBody = 65_536

    @Option(help: "Capacity of the receiver→UI ring (deliveries).")
    var ring = 65_536

    @Flag(help: "Keep events in memory only (no database file).")
    var memory = false

    @Flag(name: .customLong("no-color"), help: "No colours, attributes only (NO_COLOR is honoured too).")
    var noColor = false

    @Flag(help: "ASCII instead of box drawing and symbols.")
    var ascii = false

    @Flag(name: .customLong("no-mouse"), help: "Do not capture the mouse.")
    var noMouse = false

    @Option(name: .customLong("log-file"), help: "Where the UI writes its log (default: $XDG_STATE_HOME/faxtop/faxtop.log).")
    var logFile: String?

    mutating func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0...65535") }
        guard maxBody > 0 else { throw ValidationError("--max-body must be positive") }
        guard ring > 0 else { throw ValidationError("--ring must be positive") }
    }
}
