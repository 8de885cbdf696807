import FaxTestSupport
import Foundation
import Testing

/// The binary copied alone into a folder of its own and run from elsewhere, as after an install into
/// /usr/local/bin: every theme of `themes/` ships inside it.
@Suite(.serialized) struct InstalledBinaryTests {
    /// A copy of the built binary in an empty temporary folder; removed with the value.
    final class LoneBinary {
        let directory: String
        let path: String

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-lone-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            path = directory + "/faxtop"
            // Copied by `cp`, not by this process: a file this process holds open for writing is
            // inherited by every child another test spawns meanwhile, and exec then fails with
            // "Text file busy".
            let copy = try ChildProcess.run("cp", [try Package.binary, path], timeout: 30)
            guard copy.status == 0 else { throw E2EError("cp failed: \(copy.stderr)") }
        }

        deinit { try? FileManager.default.removeItem(atPath: directory) }
    }

    @Test func aLoneBinaryKnowsEveryShippedTheme() async throws {
        try await onOwnThread {
            let binary = try LoneBinary()
            let run = try ChildProcess.run("/bin/sh", ["-c", "cd / && exec \"$0\" watch --memory --port 0 --theme no-such-theme", binary.path],
                                           environment: ["XDG_CONFIG_HOME": "/nonexistent-faxtop-config", "FAXTOP_TOKEN": nil],
                                           timeout: 20)
            #expect(run.stderr.contains("unknown theme \"no-such-theme\"; available: default, catppuccin-mocha, dracula, gruvbox-dark, "
                + "light, mono, solarized-dark (searched /nonexistent-faxtop-config/faxtop/themes)"), "\(run.stderr)")
            #expect(run.stdout.isEmpty)
            // A name --theme does not know is a bad command line, which the exit-code table says is 64.
            #expect(run.status == 64)
        }
    }

    @Test func aLoneBinaryDrawsWithAShippedTheme() async throws {
        try await onOwnThread {
            let binary = try LoneBinary()
            let session = try TmuxSession(command: "cd / && " + [binary.path, "watch", "--memory", "--host", "127.0.0.1", "--port", "0",
                                                                  "--theme", "dracula", "--log-file", "/dev/null"]
                .map(TmuxSession.shellQuoted).joined(separator: " "))
            let screen = try session.waitForStyled("the dashboard in the dracula theme") {
                HTTPPost.listeningURL(in: $0.lines.joined(separator: "\n")) != nil && $0.trimmedLines[row: 2].hasSuffix(" follow  theme dracula")
            }
            // Dracula's header: foreground #f8f8f2 on #44475a, drawn as the nearest of 256 colours.
            #expect(screen.styles(of: " sent 0", inRow: 1)?.first == StyledScreen.Style(foreground: "5;255", background: "5;239"),
                    "\(screen.styles(of: " sent 0", inRow: 1)?.first.map { "\($0)" } ?? "no header")")
            try session.send("q")
            let after = try session.waitFor("faxtop to exit") { $0.contains("FAXTOP-EXITED=") }
            #expect(after.contains("FAXTOP-EXITED=0"))
        }
    }
}
