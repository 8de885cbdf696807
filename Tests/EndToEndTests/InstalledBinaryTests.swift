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
                                           environment: ["XDG_CONFIG_HOME": "/nonexistent-faxtop-config"], timeout: 20)
            #expect(run.status != 0)
            #expect(run.stderr.contains("available: default, catppuccin-mocha, dracula, gruvbox-dark, light, mono, solarized-dark"),
                    "\(run.stderr)")
        }
    }

    @Test func aLoneBinaryDrawsWithAShippedTheme() async throws {
        try await onOwnThread {
            let binary = try LoneBinary()
            let session = try TmuxSession(command: "cd / && env -u FAXTOP_TOKEN XDG_CONFIG_HOME=/nonexistent-faxtop-config "
                + "\(binary.path) watch --memory --host 127.0.0.1 --port 0 --theme dracula --log-file /dev/null")
            try session.waitFor("the dashboard in the dracula theme") {
                HTTPPost.listeningURL(in: $0) != nil && $0.contains("theme dracula")
            }
            try session.send("q")
            let after = try session.waitFor("faxtop to exit") { $0.contains("FAXTOP-EXITED=") }
            #expect(after.contains("FAXTOP-EXITED=0"))
        }
    }
}
