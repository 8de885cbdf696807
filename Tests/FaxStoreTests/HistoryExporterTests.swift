import FaxCore
import Foundation
import Testing
@testable import FaxStore

@Suite struct HistoryExporterTests {
    static func filledStore(_ directory: TempDirectory) async throws -> SQLiteEventStore {
        let store = try SQLiteEventStore(path: directory.databasePath)
        let decoder = WebhookDecoder()
        for name in ["fax_sent_first_attempt.json", "fax_sent_retry.json", "fax_received.json"] {
            _ = try await store.append(try decoder.decode(try Sample.fixture(name)), receivedAt: 1_700_000_000_000, remote: "34.65.253.117")
        }
        _ = try await store.append(try decoder.decode(try Sample.fixture("fax_sent_retry.json")), receivedAt: 1_700_000_100_000, remote: "34.65.253.117")
        _ = try await store.append(Sample.rejection(code: 400, reason: "body is not JSON, \"really\"\nsecond line", body: "a,b"))
        _ = try await store.append(Sample.event(data: "Q1", fileName: "Report, \"final\"\nv2.pdf"), receivedAt: 1_700_000_200_000, remote: "127.0.0.1")
        return store
    }

    @Test func jsonlLinesParseBackWithThePayloadEmbedded() async throws {
        let directory = TempDirectory()
        let store = try await Self.filledStore(directory)
        var text = ""
        let count = try HistoryExporter(store: store, batchSize: 2).export(format: .jsonl) { text += $0 }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(count == 5)
        #expect(lines.count == 5)
        let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects.map { $0["kind"] as? String } == ["event", "event", "event", "rejected", "event"])
        #expect(objects.map { $0["seq"] as? Int } == [1, 2, 3, 5, 6])
        let retry = objects[1]
        #expect(retry["delivery_count"] as? Int == 2)
        #expect(retry["attempt"] as? Int == 2)
        #expect(retry["received_at"] as? String == "2023-11-14T22:13:20.000Z")
        #expect(retry["last_delivery_at"] as? String == "2023-11-14T22:15:00.000Z")
        let payload = try #require(retry["payload"] as? [String: Any])
        let original = try #require(try JSONSerialization.jsonObject(with: Data(try Sample.fixture("fax_sent_retry.json"))) as? [String: Any])
        #expect(NSDictionary(dictionary: payload).isEqual(to: original))
        #expect(objects[3]["reason"] as? String == "body is not JSON, \"really\"\nsecond line")
        #expect(objects[3]["code"] as? Int == 400)
    }

    @Test func csvQuotesCommasQuotesAndNewlines() async throws {
        let directory = TempDirectory()
        let store = try await Self.filledStore(directory)
        var text = ""
        try HistoryExporter(store: store).export(format: .csv) { text += $0 }
        let records = CSVParse.records(text)
        #expect(records.first == CSVRow.columns)
        #expect(records.count == 6)
        #expect(records.allSatisfy { $0.count == CSVRow.columns.count })
        let fileName = CSVRow.columns.firstIndex(of: "file_name")!, reason = CSVRow.columns.firstIndex(of: "reason")!
        #expect(records[5][fileName] == "Report, \"final\"\nv2.pdf")
        #expect(records[4][reason] == "body is not JSON, \"really\"\nsecond line")
        let field = CSVRow.columns.firstIndex(of: "field")!, method = CSVRow.columns.firstIndex(of: "method")!
        #expect(records[4][field] == "data.pages")
        #expect(records[4][method] == "POST")
        #expect(records[4][CSVRow.columns.firstIndex(of: "path")!] == "/webhook")
        #expect(records[5][field].isEmpty)
        #expect(text.contains("\"Report, \"\"final\"\"\nv2.pdf\""))
        #expect(text.hasSuffix("\r\n"))
    }

    /// Payload strings may hold `\u0000`; two ids that differ only after it are two events, and
    /// export (like the dashboard) shows all of each value.
    @Test func textAfterANulCharacterIsKept() async throws {
        let directory = TempDirectory()
        let store = try SQLiteEventStore(path: directory.databasePath)
        defer { store.close() }
        _ = try await store.append(Sample.event(data: "N\u{0}a", fileName: "nul\u{0}after"), receivedAt: 1, remote: "r")
        _ = try await store.append(Sample.event(data: "N\u{0}b"), receivedAt: 2, remote: "r")
        var text = ""
        try HistoryExporter(store: store).export(format: .jsonl) { text += $0 }
        let objects = try text.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects.map { $0["data_id"] as? String } == ["N\u{0}a", "N\u{0}b"])
        var csv = ""
        try HistoryExporter(store: store).export(format: .csv) { csv += $0 }
        let fileName = CSVRow.columns.firstIndex(of: "file_name")!
        #expect(CSVParse.records(csv)[1][fileName] == "nul\u{0}after")
        // The detail pane reads deliveries the same way.
        guard case .accepted(let first)? = try store.deliveries(in: 1...1).first else { Issue.record("no event 1"); return }
        #expect(first.event.fileName == "nul\u{0}after")
    }

    /// A caller-chosen file name or number must not run as a formula when the CSV is opened in a
    /// spreadsheet; phone numbers and negative amounts stay as they are.
    @Test func csvDefusesWhatASpreadsheetWouldRunAsAFormula() async throws {
        let directory = TempDirectory()
        let store = try SQLiteEventStore(path: directory.databasePath)
        defer { store.close() }
        let hostile = ["=cmd|' /C calc'!A0", "@SUM(A1)", "+HYPERLINK(\"http://x\")", "-1+cmd|x", "\t=1"]
        for (index, name) in hostile.enumerated() {
            _ = try await store.append(Sample.event(data: "F\(index)", from: "+1 212-555-0147", fileName: name),
                                       receivedAt: Int64(index), remote: "r")
        }
        var csv = ""
        try HistoryExporter(store: store).export(format: .csv) { csv += $0 }
        let records = CSVParse.records(csv).dropFirst()
        let fileName = CSVRow.columns.firstIndex(of: "file_name")!, from = CSVRow.columns.firstIndex(of: "from")!
        #expect(records.map { $0[fileName] } == hostile.map { "'" + $0 })
        #expect(records.allSatisfy { $0[from] == "+1 212-555-0147" })
        #expect(CSVRow.defused("-2.5") == "-2.5")
        #expect(CSVRow.defused("report.pdf") == "report.pdf")
    }

    /// Export reads: it neither converts a file that is not faxtop's nor writes into one that is.
    @Test func exportOpensReadOnlyAndRefusesForeignFiles() async throws {
        let directory = TempDirectory()
        let store = try await Self.filledStore(directory)
        store.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: directory.databasePath))
        let reader = try SQLiteEventStore(path: directory.databasePath, options: .init(readOnly: true))
        #expect(try HistoryExporter(store: reader).export(format: .jsonl) { _ in } == 5)
        reader.close()
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory.databasePath)) == before)
        // SQLite's readers open (and so create) the WAL file, but nothing was written to it.
        let wal = (try? Data(contentsOf: URL(fileURLWithPath: directory.databasePath + "-wal"))) ?? Data()
        #expect(wal.isEmpty)

        let empty = directory.path + "/empty.sqlite"
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        var failure: StoreError?
        do { _ = try SQLiteEventStore(path: empty, options: .init(readOnly: true)) } catch { failure = error }
        #expect(failure?.message.contains("not a faxtop database") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: empty)).isEmpty)
    }

    /// A store faxtop closed cleanly, in a folder that cannot be written (a backup on read-only
    /// media): SQLite's readers would need to create the `-shm` there, so export reads it as immutable.
    @Test func exportReadsACleanlyClosedStoreInAReadOnlyFolder() async throws {
        let directory = TempDirectory()
        let store = try await Self.filledStore(directory)
        store.close()
        let folder = directory.path + "/db"
        if geteuid() == 0 { try setWritable(folder, false) } else { try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: folder) }
        defer {
            if geteuid() == 0 { try? setWritable(folder, true) } else { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder) }
        }
        let reader = try SQLiteEventStore(path: directory.databasePath, options: .init(readOnly: true))
        defer { reader.close() }
        #expect(try HistoryExporter(store: reader).export(format: .jsonl) { _ in } == 5)
    }

    /// The read-only folder again, with what may lie beside the file: an empty `-wal` (export itself
    /// leaves one) is nothing to read; a `-wal` with events in it must be read, so the store is not
    /// opened without it, also when the path is a symbolic link to the file.
    @Test func exportFromAReadOnlyFolderNeverSkipsAWAL() async throws {
        let directory = TempDirectory()
        let store = try await Self.filledStore(directory)
        let folder = directory.path + "/ro", links = directory.path + "/links"
        for path in [folder, links] { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        // A store as a kill -9 leaves it: the newest events only in its WAL.
        try FileManager.default.copyItem(atPath: directory.databasePath, toPath: folder + "/events.sqlite")
        try FileManager.default.copyItem(atPath: directory.databasePath + "-wal", toPath: folder + "/events.sqlite-wal")
        store.close()
        #expect(symlink(folder + "/events.sqlite", links + "/events.sqlite") == 0)
        func readOnly(_ locked: Bool) throws {
            if geteuid() == 0 { try setWritable(folder, !locked) }
            else { try FileManager.default.setAttributes([.posixPermissions: locked ? 0o500 : 0o700], ofItemAtPath: folder) }
        }
        try readOnly(true)
        defer { try? readOnly(false) }
        for path in [folder + "/events.sqlite", links + "/events.sqlite"] {
            let error = #expect(throws: StoreError.self) { try SQLiteEventStore(path: path, options: .init(readOnly: true)) }
            #expect(error?.message.contains("it has a -wal file beside it") == true, "\(String(describing: error))")
        }
        // Cleanly closed, and an empty -wal beside it: read as it is.
        try readOnly(false)
        try FileManager.default.removeItem(atPath: folder + "/events.sqlite")
        try FileManager.default.copyItem(atPath: directory.databasePath, toPath: folder + "/events.sqlite")
        try Data().write(to: URL(fileURLWithPath: folder + "/events.sqlite-wal"))
        try readOnly(true)
        let reader = try SQLiteEventStore(path: links + "/events.sqlite", options: .init(readOnly: true))
        defer { reader.close() }
        #expect(try HistoryExporter(store: reader).export(format: .jsonl) { _ in } == 5)
    }

    @Test func filterAndSince() async throws {
        let directory = TempDirectory()
        let store = try await Self.filledStore(directory)
        func seqs(_ query: String, since: Int64? = nil) throws -> [Int] {
            var text = ""
            try HistoryExporter(store: store).export(format: .jsonl, filter: try FilterParser.parse(query), since: since) { text += $0 }
            return try text.split(separator: "\n").map {
                try #require((try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["seq"] as? Int)
            }
        }
        #expect(try seqs("") == [1, 2, 3, 5, 6])
        #expect(try seqs("is:rejected") == [5])
        #expect(try seqs("is:dup") == [2])
        #expect(try seqs("event:received") == [3])
        #expect(try seqs("!is:rejected", since: 1_700_000_000_001) == [6])
    }
}

/// A small RFC 4180 reader, to check the writer against.
enum CSVParse {
    static func records(_ text: String) -> [[String]] {
        var records: [[String]] = [], record: [String] = [], field = ""
        var quoted = false, afterQuote = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.unicodeScalars.append("\""); chars.removeFirst() } else { quoted = false; afterQuote = true }
                } else { field.unicodeScalars.append(c) }
                continue
            }
            switch c {
            case "\"" where field.isEmpty && !afterQuote: quoted = true
            case ",": record.append(field); field = ""; afterQuote = false
            case "\r" where chars.first == "\n":
                chars.removeFirst()
                record.append(field); records.append(record); record = []; field = ""; afterQuote = false
            default: field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }
}

@Suite struct ExportTimeTests {
    @Test(arguments: [Int64(0), 1, 999, 1_700_000_000_123, -1, -1_001, 253_402_300_799_999])
    func matchesFaxTimestamp(ms: Int64) {
        #expect(ExportTime.iso8601(ms) == FaxTimestamp.iso8601(milliseconds: ms))
    }
}
