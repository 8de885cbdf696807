import ArgumentParser
import FaxCore
import FaxStore
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write stored history as JSONL or CSV (streamed, constant memory).",
        discussion: """
            Reads the event database (it may be in use by a running faxtop; it is never written) and
            writes one line per event, repeat deliveries counted in its delivery_count, and one per
            rejected request. JSONL carries faxtop's fields plus the payload as sent; CSV has a header
            row, and a value a spreadsheet would run as a formula (=…, @…, +cmd…) starts with '.

            Examples:
              faxtop export > history.jsonl
              faxtop export --format csv --filter "status:failed" > failures.csv
              faxtop export --since 2026-11-01 --filter "number:1555 !is:dup"
            """
    )

    @Option(help: ArgumentHelp(
        "Event database: a SQLite file, or a postgres:// URL (default $FAXTOP_DB_URL, else $XDG_DATA_HOME/faxtop/events.sqlite).",
        valueName: "path|url"))
    var db: String?

    @Option(help: "jsonl or csv.")
    var format: String = "jsonl"

    @Option(help: "Filter query, as in the dashboard's / prompt.")
    var filter: String = ""

    @Option(help: ArgumentHelp(
        "Only what arrived at or after this time: YYYY-MM-DD, or YYYY-MM-DD HH:mm:ss with optional .fff and zone (Z, +01:00); UTC unless a zone is given. An exported received_at works.",
        valueName: "time"))
    var since: String?

    func validate() throws {
        guard HistoryExporter.Format(rawValue: format.lowercased()) != nil else {
            throw ValidationError("--format must be jsonl or csv")
        }
        do { _ = try FilterParser.parse(filter) } catch { throw ValidationError("--filter: \(error)") }
        if let since, InstantText.milliseconds(since) == nil {
            throw ValidationError(
                "--since: expected YYYY-MM-DD or YYYY-MM-DD HH:mm:ss[.fff][Z|±HH:MM] (UTC unless a zone is given), got \(since)")
        }
    }

    func run() throws {
        let format = HistoryExporter.Format(rawValue: format.lowercased())!
        let parsedFilter = try FilterParser.parse(filter)
        let sinceMilliseconds = since.flatMap(InstantText.milliseconds)
        let journal = try JournalChoice.resolve(flag: db)
        let path = journal.name
        let store: any EventStore
        do {
            switch journal {
            case .sqlite(let file): store = try SQLiteEventStore(path: file, options: .init(readOnly: true))
            case .postgres(let url): store = try PostgresEventStore(url: url, options: .init(readOnly: true))
            }
        } catch {
            Stderr.write("faxtop export: \(StoreOpenError(path: path, error: error))\n")
            throw ExitCode(ToolExitCode.usage)
        }
        defer { store.close() }
        let count: Int
        do {
            count = try HistoryExporter(store: store).export(format: format, filter: parsedFilter, since: sinceMilliseconds) {
                try StandardOutput.write($0)
            }
        } catch let error as StandardOutput.WriteError {
            Stderr.write("faxtop export: \(error)\n")
            throw ExitCode.failure
        }
        Stderr.write("faxtop export: \(count) records from \(path)\n")
    }
}
