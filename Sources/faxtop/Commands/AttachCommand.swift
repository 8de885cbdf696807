import ArgumentParser
import FaxStore

struct AttachCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attach",
        abstract: "Show the dashboard of a journal that a running `faxtop serve` writes (no receiver).",
        discussion: """
            Loads the journal's history, then follows every delivery written into it, whoever writes \
            it. The header says whether the receiver is running. attach never writes to the journal, \
            and any number of dashboards can attach at once, on this machine or over ssh \
            (ssh -t host faxtop attach).

            Examples:
              faxtop attach
              faxtop attach --db /var/lib/faxtop/events.sqlite
              faxtop attach --json --from-seq 0 | jq .
            """
    )

    @Option(help: ArgumentHelp(
        "The journal: a SQLite file, or a postgres:// URL (default $FAXTOP_DB_URL, else $XDG_DATA_HOME/faxtop/events.sqlite).",
        valueName: "path|url"))
    var db: String?

    @Flag(help: "No UI: print one JSON line per delivery on stdout, following until interrupted.")
    var json = false

    @Option(name: .customLong("from-seq"), help: ArgumentHelp(
        "With --json: start at this sequence number (0: the whole journal; default: from now on).", valueName: "n"))
    var fromSeq: Int64?

    @OptionGroup var display: DisplayOptions

    func validate() throws {
        if fromSeq != nil, !json { throw ValidationError("--from-seq needs --json") }
        if let fromSeq, fromSeq < 0 { throw ValidationError("--from-seq must be 0 or more") }
    }

    func run() async throws {
        let session = AttachSession(journal: try JournalChoice.resolve(flag: db), display: display)
        if json {
            try await session.runLines(fromSeq: fromSeq)
        } else {
            try await session.runDashboard()
        }
    }
}
