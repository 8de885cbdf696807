import FaxTestSupport
import Foundation
import Testing

/// `faxtop export` as a user runs it, where it cannot do its job: a full disk, a file that is not
/// faxtop's, a bad option. One clear line and an exit code each; never a crash report.
@Suite(.serialized) struct ExportEndToEndTests {
    /// A store with two events, written by a real `faxtop watch` and closed with SIGTERM.
    static func filledStore() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let database = folder.appendingPathComponent("events.sqlite").path
        let port = HeadlessEndToEndTests.freePort()
        let faxtop = try HeadlessEndToEndTests.Headless(["--db", database, "--host", "127.0.0.1", "--port", "\(port)"])
        try HeadlessEndToEndTests.waitForListening(port)
        for fixture in ["valid/fax_sent_first_attempt.json", "valid/fax_received.json"] {
            #expect(try HTTPPost.send(try Package.fixture(fixture), to: "http://127.0.0.1:\(port)/webhook").status == 200)
        }
        faxtop.process.signal(SIGTERM)
        #expect(faxtop.process.wait(timeout: 20) == 0)
        return database
    }

    @Test func aFullDiskIsOneLineAndExitCodeOne() async throws {
        try await onOwnThread {
            let database = try Self.filledStore()
            defer { try? FileManager.default.removeItem(atPath: (database as NSString).deletingLastPathComponent) }
            let errors = database + ".stderr"
            let run = try ChildProcess(try Package.binary, ["export", "--db", database],
                                       stdout: .file("/dev/full"), stderr: .file(errors))
            let status = run.wait(timeout: 30)
            let stderr = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            #expect(status == 1)
            #expect(stderr.contains("faxtop export: cannot write to standard output: No space left on device"), "\(stderr)")
            #expect(!stderr.contains("Fatal error"), "\(stderr)")
        }
    }

    @Test func aFileThatIsNotFaxtopsIsRefusedAndLeftAlone() async throws {
        try await onOwnThread {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-export-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let empty = folder.appendingPathComponent("empty.sqlite").path
            _ = FileManager.default.createFile(atPath: empty, contents: Data())
            let run = try ChildProcess.run(try Package.binary, ["export", "--db", empty], timeout: 30)
            #expect(run.status == 2)
            #expect(run.stderr.contains("not a faxtop database"), "\(run.stderr)")
            #expect(run.stdout.isEmpty)
            #expect((try? Data(contentsOf: URL(fileURLWithPath: empty)))?.isEmpty == true)

            let missing = try ChildProcess.run(try Package.binary, ["export", "--db", folder.path + "/none.sqlite"], timeout: 30)
            #expect(missing.status == 2)
            #expect(missing.stderr.contains("no database at"), "\(missing.stderr)")
        }
    }

    @Test func badOptionsNameTheExportCommand() async throws {
        try await onOwnThread {
            let run = try ChildProcess.run(try Package.binary, ["export", "--format", "xml"], timeout: 30)
            #expect(run.status == 64)
            #expect(run.stderr.contains("--format must be jsonl or csv"), "\(run.stderr)")
            #expect(run.stderr.contains("faxtop export"), "\(run.stderr)")
        }
    }

    /// The `received_at` of an exported line is a valid `--since`, so an export can resume there.
    @Test func sinceAcceptsAnExportedReceivedAt() async throws {
        try await onOwnThread {
            let database = try Self.filledStore()
            defer { try? FileManager.default.removeItem(atPath: (database as NSString).deletingLastPathComponent) }
            let all = try ChildProcess.run(try Package.binary, ["export", "--db", database], timeout: 30)
            #expect(all.status == 0)
            // The probe's empty POST (a rejection), then the two events.
            let lines = all.stdout.split(separator: "\n")
            #expect(lines.count == 3)
            let times = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
                .map { $0["received_at"] as? String ?? "" }
            let receivedAt = try #require(times.last)
            let resumed = try ChildProcess.run(try Package.binary, ["export", "--db", database, "--since", receivedAt], timeout: 30)
            #expect(resumed.status == 0, "\(resumed.stderr)")
            // ISO 8601 in UTC with milliseconds sorts as text.
            let expected = zip(lines, times).filter { $0.1 >= receivedAt }.map { String($0.0) }
            #expect(resumed.stdout.split(separator: "\n").map(String.init) == expected)
            #expect(expected.count < 3 || times[0] == receivedAt)
        }
    }
}
