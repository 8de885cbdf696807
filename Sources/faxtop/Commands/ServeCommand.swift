import ArgumentParser

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the receiver and the journal without a UI, as a service; dashboards attach to it.",
        discussion: """
            Answers Fax.Plus webhooks and writes them to the journal until SIGTERM or SIGINT, which \
            stop accepting, answer what is in flight once it is committed, and close the journal \
            cleanly. Logs go to stderr, one line per event worth a log. `faxtop attach` (or `faxtop \
            watch`, which attaches when serve holds the journal) shows it live, from any number of \
            terminals. The dashboard's options (theme, colour, mouse) do not apply.

            Examples:
              faxtop serve --port 8080 --token-file /etc/faxtop/token
              faxtop serve --json | jq .          one JSON line per delivery on stdout
              faxtop serve --log-format json      log lines as JSON objects
              faxtop serve --poll --api-token-file ~/.faxplus-token   poll the API too
              faxtop serve --backfill             list what was missed since the newest event, once
            """
    )

    @OptionGroup var options: WatchOptions

    @OptionGroup(title: "Fax.Plus API") var polling: PollOptions

    @Flag(help: "Print one JSON line per delivery on stdout (what `watch --headless` prints).")
    var json = false

    @Option(name: .customLong("log-format"), help: ArgumentHelp("Log lines on stderr: text or json.", valueName: "format"))
    var logFormat: FileLogHandler.Format = .text

    func run() async throws {
        var options = options
        options.headless = true
        var session = WatchSession(options: options)
        session.printLines = json
        session.logFormat = logFormat
        session.role = "serve"
        session.polling = polling
        try await session.run()
    }
}

extension FileLogHandler.Format: ExpressibleByArgument {}
