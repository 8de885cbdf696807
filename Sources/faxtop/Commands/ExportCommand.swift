import ArgumentParser
import FaxCore
import FaxStore
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write stored history as JSONL or CSV (streamed, constant memory).",
        discussion: """
            Reads the event database (it may be in use by a running faxtop) and writes one line per
            delivery: JSONL carries faxtop's fields plus the raw payload; CSV has a header row.

            Examples:
              faxtop export > history.jsonl
              faxtop export --format csv --filter "status:failed" > failures.csv
              faxtop export --since 2026-11-01 --filter "number:1555 !is:dup"
            """
    )

    @Option(help: ArgumentHelp("Event database (default $XDG_DATA_HOME/faxtop/events.sqlite).", valueName: "path"))
    var db: String?

    @Option(help: "jsonl or csv.")
    var format: String = "jsonl"

    @Option(help: "Filter query, as in the dashboard's / prompt.")
    var filter: String = ""

    @Option(help: ArgumentHelp("Only what arrived at or after this time (YYYY-MM-DD, YYYY-MM-DD HH:mm:ss, UTC).",
                               valueName: "time"))
    var since: String?

    func run() throws {
        guard let format = HistoryExporter.Format(rawValue: format.lowercased()) else {
            throw ValidationError("--format must be jsonl or csv")
        }
        let parsedFilter: Filter
        do { parsedFilter = try FilterParser.parse(filter) } catch { throw ValidationError("--filter: \(error)") }
        var sinceMilliseconds: Int64?
        if let since {
            let text = since.count == 10 ? since + " 00:00:00" : since
            guard let seconds = FaxTimestamp.parse(text) else {
                throw ValidationError("--since: expected YYYY-MM-DD or \"YYYY-MM-DD HH:mm:ss\", got \(since)")
            }
            sinceMilliseconds = seconds * 1000
        }
        let path = db ?? StoreLocation.defaultPath()
        let store: SQLiteEventStore
        do {
            store = try SQLiteEventStore(path: path, options: .init(readOnly: true))
        } catch {
            throw StoreOpenError(path: path, error: error)
        }
        defer { store.close() }
        let output = FileHandle.standardOutput
        let count = try HistoryExporter(store: store).export(format: format, filter: parsedFilter, since: sinceMilliseconds) {
            output.write(Data($0.utf8))
        }
        FileHandle.standardError.write(Data("faxtop export: \(count) records from \(path)\n".utf8))
    }
}
