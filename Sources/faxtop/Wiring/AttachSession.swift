import ArgumentParser
import FaxDashboard
import FaxStore
import Foundation
import Logging
import Synchronization

/// A dashboard (or JSON lines) following a journal another process writes: no receiver, never a
/// write to the journal. `faxtop attach`, and `watch` when `serve` already holds the journal.
struct AttachSession {
    let journal: JournalChoice
    let display: DisplayOptions
    /// The config file's `osc52`, for a `watch` that attaches (`attach` itself reads no config file).
    var osc52: Bool? = nil

    /// Opens the journal for reading only; a missing or unreadable file, or a database that cannot be
    /// reached, is one line and exit 2.
    static func open(_ journal: JournalChoice) throws -> any EventStore {
        switch journal {
        case .sqlite(let path): return try open(path: path)
        case .postgres(let url):
            do {
                return try PostgresEventStore(url: url, options: .init(readOnly: true))
            } catch {
                Stderr.write("faxtop: cannot attach to \(url): \(error.message)\n")
                throw ExitCode(ToolExitCode.usage)
            }
        }
    }

    private static func open(path: String) throws -> SQLiteEventStore {
        do {
            var options = SQLiteEventStore.Options(readOnly: true)
            options.readsAsSnapshot = false
            return try SQLiteEventStore(path: path, options: options)
        } catch {
            var reason = error.message
            if FileManager.default.fileExists(atPath: path), access(path, R_OK) != 0 || reason.contains("permission") {
                reason += " — this user cannot read the journal: run serve with --db-mode 0640 in a folder whose "
                    + "group this user is in (README: Look at a running receiver)"
            }
            Stderr.write("faxtop: cannot attach to \(path): \(reason)\n")
            throw ExitCode(ToolExitCode.usage)
        }
    }

    /// The dashboard until the user quits.
    func runDashboard() async throws {
        let themes = try ThemeChoice.resolve(display.theme)
        let store = try Self.open(journal)
        defer { store.close() }
        let sink = FileLogHandler.Sink(path: display.logFile ?? DataPaths.defaultLogFile())
        let logger = Logger(label: "faxtop") { FileLogHandler(label: $0, sink: sink) }
        try TerminalPreparation.prepare(logger: logger)
        logger.info("attached to \(journal.name)")
        let wake = WakePipe()
        let info = AttachedReceiverInfo(store: store, journal: journal.label)
        let result = await DashboardRun(themes: themes, options: display, osc52: osc52)
            .run(store: store, wake: wake, logger: logger,
                 source: { JournalFollower(store: store, wake: wake) }, info: { info.info() })
        try result.get()
    }

    /// One JSON line per delivery on stdout, from sequence `fromSeq` (0: the whole journal; nil: from
    /// now on), following until SIGINT or SIGTERM.
    func runLines(fromSeq: Int64?) async throws {
        let store = try Self.open(journal)
        defer { store.close() }
        let wake = WakePipe()
        let outputFailure = Mutex<StandardOutput.WriteError?>(nil)
        let printer = HeadlessPrinter(source: JournalFollower(store: store, wake: wake), wake: wake, store: store,
                                      after: fromSeq.map { max(0, $0 - 1) }) { error in
            outputFailure.withLock { $0 = error }
        }
        let signals = SignalWatcher(signals: [SIGINT, SIGTERM]) { printer.stop() }
        defer { signals.cancel() }
        await UIThread.start(name: "faxtop-lines") { printer.run() }.value
        if let error = outputFailure.withLock({ $0 }) {
            Stderr.write("faxtop: \(error); stopped\n")
            throw ExitCode.failure
        }
    }
}
