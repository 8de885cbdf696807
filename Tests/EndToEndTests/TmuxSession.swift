import FaxTestSupport
import Foundation

/// Drives the real faxtop binary in a real terminal (tmux), as a person would.
final class TmuxSession {
    let name: String

    /// Starts `command` in a detached tmux session of the given size. The command's exit status is
    /// printed afterwards (`FAXTOP-EXITED=N`) and the pane stays open so tests can read it.
    /// Each session has a tmux server of its own (`-L`): with one shared server, a test ending the last
    /// session made the server exit just as another test's `new-session` reached it ("server exited
    /// unexpectedly").
    init(command: String, cols: Int = 160, rows: Int = 45) throws {
        name = "faxtop-e2e-\(UUID().uuidString.prefix(8))"
        let wrapped = "\(command); echo FAXTOP-EXITED=$?; sleep 60"
        try tmux(["new-session", "-d", "-s", name, "-x", "\(cols)", "-y", "\(rows)", wrapped])
    }

    deinit { close() }

    /// Ends the tmux server, and with it the terminal of whatever runs inside.
    func close() {
        _ = try? tmux(["kill-server"])
    }

    func capture() throws -> String {
        try tmux(["capture-pane", "-p", "-t", name])
    }

    func send(_ keys: String...) throws {
        try tmux(["send-keys", "-t", name] + keys)
    }

    /// Sends text literally (no key-name lookup).
    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", name, "-l", text])
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

    @discardableResult
    static func tmux(_ arguments: [String]) throws -> String {
        let run = try ChildProcess.run("tmux", arguments, timeout: 30)
        guard run.status == 0 else { throw E2EError("tmux \(arguments.first ?? ""): \(run.stdout)\(run.stderr)") }
        return run.stdout
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
