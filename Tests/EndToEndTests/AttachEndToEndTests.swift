import FaxTestSupport
import Foundation
import Testing

/// The journal as the hub: `faxtop serve` writes it, dashboards attach and detach at will, and follow
/// it through the receiver's restarts.
@Suite(.serialized) struct AttachEndToEndTests {
    /// A folder for one test's journal and logs, removed afterwards.
    final class Workspace {
        let directory: String
        var journal: String { directory + "/events.sqlite" }

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-hub-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }

        deinit { try? FileManager.default.removeItem(atPath: directory) }
    }

    static let environment: [String: String?] = ["XDG_CONFIG_HOME": "/nonexistent-faxtop-config", "FAXTOP_TOKEN": nil]

    /// `faxtop serve` on a free port; returns the process and its webhook URL, read from its log.
    static func serve(_ workspace: Workspace, log name: String, journal: String? = nil,
                      _ extra: [String] = []) throws -> (ChildProcess, String) {
        let log = workspace.directory + "/" + name
        let process = try ChildProcess(try Package.binary, ["serve", "--db", journal ?? workspace.journal, "--host", "127.0.0.1",
                                                            "--port", "0"] + extra,
                                       environment: environment, stderr: .file(log))
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"listening on http://127\.0\.0\.1:[0-9]+/webhook"#, options: .regularExpression) {
                return (process, String(text[range].dropFirst("listening on ".count)))
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.signal(SIGKILL)
        throw E2EError("serve did not say where it listens: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
    }

    static func dashboard(_ command: String, _ workspace: Workspace) throws -> TmuxSession {
        try TmuxSession(command: "env -u FAXTOP_TOKEN XDG_CONFIG_HOME=/nonexistent-faxtop-config \(try Package.binary) "
            + "\(command) --db \(workspace.journal) --log-file /dev/null")
    }

    static func post(_ fixture: String, hookID: String? = nil, to url: String) throws -> Int {
        var body = String(decoding: try Package.fixture(fixture), as: UTF8.self)
        if let hookID { body = body.replacingOccurrences(of: "6710c80f5d2e4a9b1c3f7e60", with: hookID) }
        return try HTTPPost.send(Data(body.utf8), to: url).status
    }

    @Test func dashboardsAttachFollowAndOutliveTheReceiver() async throws {
        try await onOwnThread {
            let workspace = try Workspace()
            var (serve, url) = try Self.serve(workspace, log: "serve1.err")
            defer { serve.signal(SIGKILL) }
            let attached = try Self.dashboard("attach", workspace)
            let watching = try Self.dashboard("watch", workspace)  // finds serve holding the journal: attaches
            for session in [attached, watching] {
                try session.waitFor("the receiver running, as the journal tells it") {
                    $0.contains(url) && $0.contains("faxtop serve pid \(serve.pid)") && $0.contains("(attached, read-only)")
                }
            }

            #expect(try Self.post("valid/fax_received.json", to: url) == 200)
            for session in [attached, watching] {
                try session.waitFor("the delivery on both dashboards") { $0.contains("+1 646-555-0123   →   +1 212-555-0147") }
            }

            // One dashboard goes away; the receiver does not notice.
            try watching.send("q")
            try watching.waitFor("the attached watch to exit") { $0.contains("FAXTOP-EXITED=0") }
            #expect(try Self.post("valid/fax_received.json", hookID: "aaaaaaaaaaaaaaaaaaaaaaa2", to: url) == 200)
            try attached.waitFor("the second delivery") { $0.contains("aaaaaaaaaaaaaaaaaaaaaaa2") }

            // The receiver dies: the dashboard says so, keeps its history, and keeps running.
            serve.signal(SIGKILL)
            _ = serve.wait(timeout: 10)
            let down = try attached.waitFor(timeout: 5, "the receiver shown as not running") {
                $0.contains("receiver not running since")
            }
            #expect(down.contains("aaaaaaaaaaaaaaaaaaaaaaa2"), "history is kept")

            // Started again: the dashboard resumes by itself.
            (serve, url) = try Self.serve(workspace, log: "serve2.err")
            try attached.waitFor("the receiver running again") { $0.contains("faxtop serve pid \(serve.pid)") }
            #expect(try Self.post("valid/fax_received.json", hookID: "aaaaaaaaaaaaaaaaaaaaaaa3", to: url) == 200)
            try attached.waitFor("a delivery after the restart") { $0.contains("aaaaaaaaaaaaaaaaaaaaaaa3") }

            // Every delivery once, in order, for scripts.
            let lines = try ChildProcess(try Package.binary, ["attach", "--db", workspace.journal, "--json", "--from-seq", "0"],
                                         environment: Self.environment, stdout: .pipe)
            var text = ""
            let deadline = Date().addingTimeInterval(10)
            while text.split(separator: "\n").count < 3, Date() < deadline {
                text += String(decoding: lines.readAvailable(timeout: 1), as: UTF8.self)
            }
            lines.signal(SIGTERM)
            #expect(lines.wait(timeout: 10) == 0)
            let parsed = try text.split(separator: "\n").map { line in
                try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            }
            #expect(parsed.compactMap { $0["seq"] as? Int } == [1, 2, 3])
            #expect(parsed.compactMap { $0["hook_id"] as? String }
                == ["6710c80f5d2e4a9b1c3f7e60", "aaaaaaaaaaaaaaaaaaaaaaa2", "aaaaaaaaaaaaaaaaaaaaaaa3"])

            // serve stops cleanly on SIGTERM: everything is in the journal file itself.
            serve.signal(SIGTERM)
            #expect(serve.wait(timeout: 30) == 0)
            let wal = (try? FileManager.default.attributesOfItem(atPath: workspace.journal + "-wal"))?[.size] as? Int ?? 0
            #expect(wal == 0, "the WAL is emptied into the journal even with a dashboard attached")
        }
    }

    @Test func attachingToAJournalThatIsNotThereSaysSoAndExits2() async throws {
        try await onOwnThread {
            let workspace = try Workspace()
            let run = try ChildProcess.run(try Package.binary, ["attach", "--db", workspace.journal, "--json"],
                                           environment: Self.environment, timeout: 20)
            #expect(run.status == 2)
            #expect(run.stderr == "faxtop: cannot attach to \(workspace.journal): no database at \(workspace.journal)\n")
        }
    }

    /// An operators' group reads the journal of a receiver that runs as another user (`--db-mode 0640`
    /// in a set-group-id folder of that group); a user outside it is told why attaching fails.
    @Test func anOperatorsGroupCanAttachAndOthersAreToldWhyNot() async throws {
        try await onOwnThread {
            guard getuid() == 0 else { return }  // needs a second user: CI runs as root, `nobody` is the operator
            let workspace = try Workspace()
            chmod(workspace.directory, 0o755)
            let folder = workspace.directory + "/journal"
            #expect(mkdir(folder, 0o2750) == 0 && chown(folder, 0, 65534) == 0 && chmod(folder, 0o2750) == 0)
            let journal = folder + "/events.sqlite"
            let (serve, url) = try Self.serve(workspace, log: "serve.err", journal: journal, ["--db-mode", "0640"])
            defer { serve.signal(SIGKILL) }
            #expect(try Self.post("valid/fax_received.json", to: url) == 200)
            for file in [journal, journal + "-wal", journal + "-shm", journal + ".lock"] {
                let mode = (try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int) ?? 0
                #expect(mode == 0o640, "\(file): \(String(mode, radix: 8))")
            }
            let asOperator = try ChildProcess("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", try Package.binary,
                                                          "attach", "--db", journal, "--json", "--from-seq", "0"],
                                              environment: Self.environment, stdout: .pipe)
            let line = String(decoding: asOperator.readAvailable(timeout: 10), as: UTF8.self)
            asOperator.signal(SIGTERM)
            #expect(asOperator.wait(timeout: 10) == 0)
            #expect(line.hasPrefix(#"{"kind":"accepted","seq":1,"event":"fax_received""#), "\(line)")
            let outsider = try ChildProcess.run("setpriv", ["--reuid=65534", "--regid=65533", "--clear-groups", try Package.binary,
                                                            "attach", "--db", journal, "--json"],
                                                environment: Self.environment, timeout: 20)
            #expect(outsider.status == 2)
            #expect(outsider.stderr.contains("cannot attach to \(journal)"), "\(outsider.stderr)")
        }
    }
}
