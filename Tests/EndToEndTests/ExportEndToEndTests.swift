import FaxTestSupport
import Foundation
import Testing

/// `faxtop export` as a user runs it, where it cannot do its job: a full disk, a file that is not
/// faxtop's, a bad option. One clear line and an exit code each; never a crash report.
@Suite(.serialized) struct ExportEndToEndTests {
    /// A store written by a real `faxtop watch` and closed with SIGTERM: a sent fax (seq 1), a received
    /// fax (seq 2) and a refused payload (seq 3, 422).
    static func filledStore() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let database = folder.appendingPathComponent("events.sqlite").path
        let faxtop = try HeadlessFaxtop(["--db", database])
        for fixture in ["valid/fax_sent_first_attempt.json", "valid/fax_received.json"] {
            let answer = try HTTPPost.send(try Package.fixture(fixture), to: faxtop.url())
            guard answer.status == 200 else { throw E2EError("\(fixture) got \(answer.status) \(answer.body)") }
        }
        let refused = try HTTPPost.send(try Package.fixture("invalid/pages_wrong_type.json"), to: faxtop.url())
        guard refused.status == 422 else { throw E2EError("the refused payload got \(refused.status) \(refused.body)") }
        guard faxtop.stop(timeout: 20) == 0 else { throw E2EError("faxtop did not exit cleanly: \(faxtop.stderr)") }
        return database
    }

    /// The JSONL export of `database`, each line parsed.
    static func exportedLines(_ database: String, _ arguments: [String] = []) throws -> [[String: Any]] {
        let run = try ChildProcess.run(try Package.binary, ["export", "--db", database] + arguments, timeout: 30)
        guard run.status == 0 else { throw E2EError("export failed (\(run.status)): \(run.stderr)") }
        return try run.stdout.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw E2EError("not a JSON object: \(line)")
            }
            return object
        }
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
            // The two events, then the refused payload.
            let lines = all.stdout.split(separator: "\n")
            #expect(lines.count == 3)
            let times = try Self.exportedLines(database).map { $0["received_at"] as? String ?? "" }
            let receivedAt = try #require(times.last)
            let resumed = try ChildProcess.run(try Package.binary, ["export", "--db", database, "--since", receivedAt], timeout: 30)
            #expect(resumed.status == 0, "\(resumed.stderr)")
            // ISO 8601 in UTC with milliseconds sorts as text.
            let expected = zip(lines, times).filter { $0.1 >= receivedAt }.map { String($0.0) }
            #expect(resumed.stdout.split(separator: "\n").map(String.init) == expected)
            #expect(expected.count < 3 || times[0] == receivedAt)
        }
    }

    /// CSV as a spreadsheet reads it: the header row and each record exactly, CRLF line ends, a field
    /// holding a comma quoted.
    @Test func csvHasTheHeaderRowAndOneExactRecordPerDelivery() async throws {
        try await onOwnThread {
            let database = try Self.filledStore()
            defer { try? FileManager.default.removeItem(atPath: (database as NSString).deletingLastPathComponent) }
            let jsonl = try Self.exportedLines(database)
            try #require(jsonl.count == 3)
            func time(_ line: Int, _ key: String) -> String { jsonl[line][key] as? String ?? "?" }

            let run = try ChildProcess.run(try Package.binary, ["export", "--db", database, "--format", "csv"], timeout: 30)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr == "faxtop export: 3 records from \(database)\n")
            let rows = run.stdout.components(separatedBy: "\r\n")
            #expect(rows.count == 5 && rows.last == "", "four rows, each ended by CRLF: \(run.stdout)")
            #expect(rows.first == "kind,seq,received_at,remote,event,hook_id,data_id,event_time,from,to,status,pages,cost,"
                + "file_name,attempt,delivery_count,last_delivery_at,code,reason,field,method,path")
            #expect(rows.dropFirst().first == "event,1,\(time(0, "received_at")),127.0.0.1,fax_sent,6710c3a29e4b1f0c7d2a5e81,"
                + "6710c3a29e4b1f0c7d2a5e81,2026-10-17 09:58:12,+1 212-555-0147,+1 415-555-0199,success,3,3,"
                + "fax-to-14155550199,1,1,\(time(0, "last_delivery_at")),,,,,")
            #expect(rows.dropFirst(2).first == "event,2,\(time(1, "received_at")),127.0.0.1,fax_received,6710c80f5d2e4a9b1c3f7e60,"
                + "6710c80f5d2e4a9b1c3f7e60,2026-10-17 10:17:03,+1 646-555-0123,+1 212-555-0147,success,2,2,"
                + "fax-from-16465550123,1,1,\(time(1, "last_delivery_at")),,,,,")
            #expect(rows.dropFirst(3).first == "rejected,3,\(time(2, "received_at")),127.0.0.1,,,,,,,,,,,,,,422,"
                + "\"data.pages: expected a number, got a string\",data.pages,POST,/webhook")
        }
    }

    /// `--filter` takes the dashboard's language: only what matches is exported, in sequence order.
    @Test func filterExportsOnlyWhatMatches() async throws {
        try await onOwnThread {
            let database = try Self.filledStore()
            defer { try? FileManager.default.removeItem(atPath: (database as NSString).deletingLastPathComponent) }
            func exported(_ filter: String) throws -> [String] {
                try Self.exportedLines(database, ["--filter", filter]).map { line in
                    "\(line["seq"] as? Int ?? 0) \(line["kind"] as? String ?? "?") \(line["event"] as? String ?? line["code"].map { "\($0)" } ?? "?")"
                }
            }
            #expect(try exported("") == ["1 event fax_sent", "2 event fax_received", "3 rejected 422"])
            #expect(try exported("event:received") == ["2 event fax_received"])
            #expect(try exported("is:rejected") == ["3 rejected 422"])
            #expect(try exported("!is:rejected") == ["1 event fax_sent", "2 event fax_received"])
            #expect(try exported("number:2125550147") == ["1 event fax_sent", "2 event fax_received"], "either side, any spelling")
            #expect(try exported("from:2125550147") == ["1 event fax_sent"])
            #expect(try exported("status:failed") == [])

            let csv = try ChildProcess.run(try Package.binary, ["export", "--db", database, "--format", "csv", "--filter", "to:4155550199"],
                                           timeout: 30)
            #expect(csv.status == 0, "\(csv.stderr)")
            let rows = csv.stdout.components(separatedBy: "\r\n")
            #expect(rows.count == 3 && rows[1].hasPrefix("event,1,"), "the header and the one sent fax: \(csv.stdout)")

            let bad = try ChildProcess.run(try Package.binary, ["export", "--db", database, "--filter", "colour:red"], timeout: 30)
            #expect(bad.status == 64)
            #expect(bad.stderr.contains("--filter: "), "\(bad.stderr)")
            #expect(bad.stdout.isEmpty)
        }
    }
}
