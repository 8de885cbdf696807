import FaxTestSupport
import Foundation

/// Drives the real faxtop binary in a real terminal (tmux), as a person would.
///
/// Hermetic: the tmux server reads no configuration (`-f /dev/null`) and its terminal is always
/// `tmux-256color`; everything the session runs sees an empty folder of its own as `XDG_CONFIG_HOME`
/// (and `XDG_DATA_HOME`, `XDG_STATE_HOME`), no `FAXTOP_TOKEN` and no `NO_COLOR` unless a test sets them.
final class TmuxSession {
    let name: String
    /// The session's own folder (its XDG folders live under it); removed by ``close()``.
    let home: String
    /// The tmux server's socket, which tmux leaves behind when the server ends; removed by ``close()``.
    private var socket: String?

    /// `$XDG_CONFIG_HOME` of everything the session runs: empty unless the test puts something there
    /// before starting faxtop.
    var configHome: String { home + "/config" }

    /// Starts `command` in a detached tmux session of the given size. The command's exit status is
    /// printed afterwards (`FAXTOP-EXITED=N`) and the pane stays open so tests can read it.
    /// `environment` is added to (or, with a nil value, removed from) what the command sees.
    /// Each session has a tmux server of its own (`-L`): with one shared server, a test ending the last
    /// session made the server exit just as another test's `new-session` reached it ("server exited
    /// unexpectedly").
    init(command: String, cols: Int = 160, rows: Int = 45, environment: [String: String?] = [:]) throws {
        name = "faxtop-e2e-\(UUID().uuidString.prefix(8))"
        home = FileManager.default.temporaryDirectory.appendingPathComponent(name).path
        for folder in ["config", "data", "state"] {
            try FileManager.default.createDirectory(atPath: home + "/" + folder, withIntermediateDirectories: true)
        }
        // The server copies the environment of the client that starts it into every pane.
        var env: [String: String?] = [
            "FAXTOP_TOKEN": nil, "FAXPLUS_TOKEN": nil, "NO_COLOR": nil, "TMUX": nil,
            "XDG_CONFIG_HOME": home + "/config", "XDG_DATA_HOME": home + "/data", "XDG_STATE_HOME": home + "/state",
        ]
        for (key, value) in environment { env[key] = value }
        let wrapped = "\(command); echo FAXTOP-EXITED=$?; sleep 60"
        try Self.tmux(["-L", name, "start-server", ";", "set", "-g", "default-terminal", "tmux-256color", ";",
                       "new-session", "-d", "-s", name, "-x", "\(cols)", "-y", "\(rows)", wrapped], environment: env)
        socket = try? tmux(["display", "-p", "-t", name, "#{socket_path}"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// faxtop (the built binary unless `binary` is given) with `arguments`, in a session of its own.
    convenience init(faxtop arguments: [String], binary: String? = nil, cols: Int = 160, rows: Int = 45,
                     environment: [String: String?] = [:]) throws {
        let command = try ([binary ?? Package.binary] + arguments).map(Self.shellQuoted).joined(separator: " ")
        try self.init(command: command, cols: cols, rows: rows, environment: environment)
    }

    deinit { close() }

    /// Ends the tmux server, and with it the terminal of whatever runs inside; removes the session's folder
    /// and the server's socket.
    func close() {
        _ = try? tmux(["kill-server"])
        if let socket, !socket.isEmpty { unlink(socket) }
        socket = nil
        try? FileManager.default.removeItem(atPath: home)
    }

    /// The screen as text.
    func capture() throws -> String {
        try tmux(["capture-pane", "-p", "-t", name])
    }

    /// The screen with the colours and attributes of every character (`capture-pane -e`).
    func captureStyled() throws -> StyledScreen {
        StyledScreen(try tmux(["capture-pane", "-p", "-e", "-t", name]))
    }

    /// Where the terminal's cursor is (column and row, from 0) and whether it is shown.
    func cursor() throws -> (x: Int, y: Int, visible: Bool) {
        let fields = try tmux(["display", "-p", "-t", name, "#{cursor_x} #{cursor_y} #{cursor_flag}"])
            .split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        guard fields.count == 3 else { throw E2EError("tmux gave no cursor position") }
        return (fields[0], fields[1], fields[2] == 1)
    }

    /// The pane's title (what an escape sequence could change).
    func title() throws -> String {
        try tmux(["display", "-p", "-t", name, "#{pane_title}"])
    }

    func send(_ keys: String...) throws {
        try tmux(["send-keys", "-t", name] + keys)
    }

    /// Sends text literally (no key-name lookup).
    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", name, "-l", text])
    }

    /// Sets a server option (`set -g`), e.g. `set-clipboard on`.
    func setGlobalOption(_ name: String, _ value: String) throws {
        try tmux(["set", "-g", name, value])
    }

    /// The newest paste buffer (what an application copied with OSC 52 under `set-clipboard on`), or nil
    /// when there is none.
    func pasteBuffer() -> String? {
        try? tmux(["show-buffer"])
    }

    func resize(cols: Int, rows: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", "\(cols)", "-y", "\(rows)"])
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        try Self.tmux(["-L", name] + arguments)
    }

    /// Polls the screen until `predicate` holds or `timeout` passes; returns the last screen.
    @discardableResult
    func waitFor(timeout: TimeInterval = 20, _ description: String, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if predicate(screen) { return screen }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw E2EError("timed out waiting for \(description); screen was:\n\(screen)")
    }

    /// ``waitFor(timeout:_:_:)`` on the screen with its colours.
    @discardableResult
    func waitForStyled(timeout: TimeInterval = 20, _ description: String,
                       _ predicate: (StyledScreen) -> Bool) throws -> StyledScreen {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = StyledScreen("")
        while Date() < deadline {
            screen = try captureStyled()
            if predicate(screen) { return screen }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw E2EError("timed out waiting for \(description); screen was:\n\(screen.lines.joined(separator: "\n"))")
    }

    /// Waits for the listening URL faxtop shows in its header (it runs with `--port 0`).
    func listeningURL() throws -> String {
        let screen = try waitFor("the listening URL") { HTTPPost.listeningURL(in: $0) != nil }
        guard let url = HTTPPost.listeningURL(in: screen) else { throw E2EError("no listening URL on screen:\n\(screen)") }
        return url
    }

    @discardableResult
    static func tmux(_ arguments: [String], environment: [String: String?] = [:]) throws -> String {
        let run = try ChildProcess.run("tmux", ["-f", "/dev/null"] + arguments, environment: environment, timeout: 30)
        guard run.status == 0 else { throw E2EError("tmux \(arguments.first ?? ""): \(run.stdout)\(run.stderr)") }
        return run.stdout
    }

    static func shellQuoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}

struct E2EError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Paths of the package and the built binary.
enum Package {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The built faxtop; a test that needs it fails (it is not skipped) when it has not been built.
    static var binary: String {
        get throws {
            for configuration in ["debug", "release"] {
                let path = root.appendingPathComponent(".build/\(configuration)/faxtop").path
                if FileManager.default.isExecutableFile(atPath: path) { return path }
            }
            throw E2EError("faxtop binary not found under .build/: run `swift build` first")
        }
    }

    static func fixture(_ name: String) throws -> Data {
        try Fixtures.data(name)
    }
}
