import ArgumentParser
import FaxCore
import FaxDashboard
import FaxReceiver
import FaxStore
import FaxTools
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import UnixSignals

/// Wires one `watch` or `serve` run: store → feed → UI (or JSON lines, or nothing), with the receiver
/// serving beside it.
struct WatchSession {
    let options: WatchOptions
    /// Without the UI (`--headless`, `serve`): print one JSON line per delivery on stdout.
    var printLines = true
    /// Without the UI, how log lines on stderr look.
    var logFormat = FileLogHandler.Format.text
    /// What the receiver calls itself in the journal, for attached dashboards.
    var role = "watch"
    /// `--poll`, `--backfill` and the Fax.Plus API options (`watch` and `serve`; nil for `demo`, whose
    /// options are not parsed from a command line that has them).
    var polling: PollOptions?

    /// Runs until the user quits (or, headless, until SIGINT/SIGTERM). `alongside` (used by `faxtop demo`)
    /// starts once the receiver is listening, gets the URL of the webhook path (e.g.
    /// `http://127.0.0.1:41234/webhook`), and is cancelled when the session ends.
    func run(alongside: (@Sendable (URL) async throws -> Void)? = nil) async throws {
        let settings = try options.settings()
        let configuration = try options.receiverConfiguration()
        let feed = DeliveryFeed(capacity: options.ring)
        let logger = makeLogger()
        if !options.headless { try TerminalPreparation.prepare(logger: logger) }
        let metrics = ReceiverMetrics()
        let journal = try JournalChoice.resolve(flag: options.db, configured: options.db == nil ? settings.db : nil)
        if journal.isShared, options.dbMode != nil {
            throw ValidationError("--db-mode sets a SQLite journal's file permissions; PostgreSQL has its own (GRANT)")
        }
        // No token is a setup error, said before anything listens.
        let polling = self.polling.flatMap { $0.enabled ? $0 : nil }
        let apiClient = try polling?.client()
        // On a journal several receivers write, every view follows the journal, not this receiver's feed,
        // and nothing reads the feed's ring: the store does not fill it.
        let shared = journal.isShared && !options.memory
        let ignore: DeliverySink = { _ in }
        let sink = shared ? ignore : feed.sink
        let opened: StoreOpener
        do {
            opened = try StoreOpener.open(memory: options.memory, journal: journal, mode: try options.journalMode(),
                                          metrics: metrics, sink: sink)
        } catch let error as StoreOpenError
                    where error.error.kind == .locked && !options.headless && SQLiteEventStore.receiverPresence(atPath: error.path) != nil {
            // Another faxtop (a `serve`, say) writes this journal: show it rather than refuse. Polling
            // belongs to the process that writes it; attaching silently without it would mislead.
            if polling != nil {
                Stderr.write("faxtop: another faxtop writes \(error.path); poll from it (faxtop serve --poll), or run watch without --poll/--backfill to attach\n")
                throw ExitCode(ToolExitCode.usage)
            }
            var display = options.display
            display.theme = settings.theme  // the config file's, when no flag says otherwise
            try await AttachSession(journal: .sqlite(path: error.path), display: display, osc52: settings.osc52).runDashboard()
            return
        } catch let error as StoreOpenError {
            Stderr.write("faxtop: \(error)\n")
            throw ExitCode(ToolExitCode.usage)
        }
        let store = opened.store
        defer { store.close() }
        metrics.readGauges(from: MetricsGauges(store: store, ring: feed.ring).sample)
        let policy = RetentionPolicy(keep: options.keep, keepDays: options.keepDays)
        let retention = StoreMaintenance.startRetention(of: store, policy, onPruned: metrics.prunedRows) { error in
            logger.warning("retention: \(error.message)")
        }
        defer { retention?.cancel() }
        let healthProbe = StoreMaintenance.startHealthProbe(of: store)
        defer { healthProbe.cancel() }

        // A theme that cannot be loaded is a setup error: said before anything listens.
        let themes = options.headless ? nil : try ThemeChoice.resolve(settings.theme)
        // Headless lines start with the first delivery after this, whenever the printer gets going.
        let startSeq = (try? store.lastSeq()) ?? 0
        let receiver = polling?.noListen == true
            ? startWithoutListening(configuration, store: store, logger: logger)
            : try await startReceiver(configuration, store: store, metrics: metrics, logger: logger)
        let companion = startCompanion(alongside, port: receiver.port, host: configuration.host,
                                       path: configuration.path, logger: logger)
        defer { companion.cancel() }
        let poller = apiClient.flatMap { client in
            polling.map { PollerStart.start($0, client: client, store: store, logger: logger) }
        }
        defer { poller?.task.cancel() }
        if let themes {
            try await runDashboard(receiver, themes: themes, osc52: settings.osc52, feed: feed, opened: opened, shared: shared,
                                   poller: poller?.poller, logger: logger)
        } else {
            try await runHeadless(receiver, feed: feed, store: store, after: startSeq, shared: shared, logger: logger)
        }
    }

    /// The receiver, listening, and the service group that runs it.
    struct RunningReceiver {
        let configuration: ReceiverConfiguration
        let port: Int
        let group: ServiceGroup
        let server: Task<Void, any Error>
    }

    /// Starts the receiver and waits until it listens. A failure to listen (port in use, no permission,
    /// an address not on this machine) ends faxtop with one line and exit code 2, before the dashboard
    /// takes the terminal.
    private func startReceiver(_ configuration: ReceiverConfiguration, store: any EventStore, metrics: ReceiverMetrics,
                               logger: Logger) async throws -> RunningReceiver {
        let startup = ReceiverStartup()
        let app = WebhookReceiver(configuration: configuration, store: store, logger: logger, metrics: metrics)
            .makeApplication(onBound: { port in startup.bound(port) })
        // Headless, the service group owns SIGINT/SIGTERM; with the UI, the UI thread does (it must
        // restore the terminal first).
        let signals: [UnixSignal] = options.headless ? [.sigint, .sigterm] : []
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: signals, logger: logger))
        let server = Task {
            do {
                try await group.run()
                startup.failed(ReceiverStartup.Stopped())
            } catch {
                startup.failed(error)
                throw error
            }
        }
        switch await startup.wait() {
        case .success(let port):
            store.announce(ReceiverPresence(pid: getpid(), url: ReceiverStatus(configuration: configuration, boundPort: port).url,
                                            startedAt: StoreMaintenance.nowMilliseconds(), mode: role))
            return RunningReceiver(configuration: configuration, port: port, group: group, server: server)
        case .failure(let error):
            _ = try? await server.value
            // SIGTERM or SIGINT before the bind: a stop that was asked for, not a failure to listen.
            if error is ReceiverStartup.Stopped { throw ExitCode.success }
            let failure = StartFailure(error, host: configuration.host, port: configuration.port)
            if !options.headless { logger.error("\(failure)") }  // headless, the log is stderr already
            Stderr.write("faxtop: \(failure)\n")
            throw ExitCode(ToolExitCode.usage)
        }
    }

    /// `--poll --no-listen`: no receiver, only something for the service group to run until SIGINT or
    /// SIGTERM (headless) or the UI's quit, so the rest of the session runs as with a receiver.
    private func startWithoutListening(_ configuration: ReceiverConfiguration, store: any EventStore,
                                       logger: Logger) -> RunningReceiver {
        let signals: [UnixSignal] = options.headless ? [.sigint, .sigterm] : []
        let group = ServiceGroup(configuration: .init(services: [UntilShutdown()], gracefulShutdownSignals: signals,
                                                      logger: logger))
        let server = Task { try await group.run() }
        store.announce(ReceiverPresence(pid: getpid(), url: Self.notListening, startedAt: StoreMaintenance.nowMilliseconds(),
                                        mode: role))
        return RunningReceiver(configuration: configuration, port: 0, group: group, server: server)
    }

    static let notListening = "not listening for webhooks (--no-listen): polling the Fax.Plus API"

    /// `--headless`: one JSON line per delivery on stdout until SIGINT/SIGTERM.
    private func runHeadless(_ receiver: RunningReceiver, feed: DeliveryFeed, store: any EventStore,
                             after startSeq: Int64, shared: Bool, logger: Logger) async throws {
        logger.info("\(polling?.noListen == true ? Self.notListening : ReceiverStatus(configuration: receiver.configuration, boundPort: receiver.port).summary)")
        SystemdNotify.send("READY=1")  // listening, and said where
        defer { SystemdNotify.send("STOPPING=1") }
        guard printLines else {
            try await receiver.server.value
            return
        }
        let outputFailure = Mutex<StandardOutput.WriteError?>(nil)
        let group = receiver.group
        let source: any DeliverySource = shared ? JournalFollower(store: store, wake: feed.wake) : feed.reader(backfillingFrom: store)
        let printer = HeadlessPrinter(source: source, wake: feed.wake, store: store,
                                      after: startSeq) { error in
            outputFailure.withLock { $0 = error }
            Task { await group.triggerGracefulShutdown() }
        }
        let printing = UIThread.start(name: "faxtop-headless") { printer.run() }
        var failure: (any Error)?
        do { try await receiver.server.value } catch { failure = error }
        printer.stop()
        await printing.value
        if let failure { throw failure }
        if let error = outputFailure.withLock({ $0 }) {
            Stderr.write("faxtop: \(error); stopped\n")
            throw ExitCode.failure
        }
    }

    /// The dashboard on the UI thread until the user quits; then the receiver shuts down gracefully.
    private func runDashboard(_ receiver: RunningReceiver, themes: ThemeCatalog, osc52: Bool?, feed: DeliveryFeed,
                              opened: StoreOpener, shared: Bool, poller: FaxPlusPoller?, logger: Logger) async throws {
        let store = opened.store
        let run = DashboardRun(themes: themes, options: options.display, osc52: osc52)
        let result = await run.run(store: store, wake: feed.wake, logger: logger,
                                   source: {
                                       shared ? JournalFollower(store: store, wake: feed.wake) as any DeliverySource
                                           : feed.reader(backfillingFrom: store)
                                   },
                                   info: receiverInfo(receiver, opened: opened, ring: feed.ring, poller: poller))
        await receiver.group.triggerGracefulShutdown()
        _ = try? await receiver.server.value
        try result.get()
    }

    /// What the header shows about the receiver and the store; the UI asks for it every frame, so
    /// what does not change while faxtop runs is worked out once.
    private func receiverInfo(_ receiver: RunningReceiver, opened: StoreOpener,
                              ring: EventRing<Delivery>, poller: FaxPlusPoller?) -> @Sendable () -> ReceiverInfo {
        let configuration = receiver.configuration
        let status = ReceiverStatus(configuration: configuration)
        var access = status.allowlist == "any" ? "allow ANY address" : "allow \(configuration.allow.count) ranges"
        access += configuration.trustProxy.isEmpty ? " · no proxies" : " · proxies \(status.trustedProxies)"
        if configuration.tokenCheck == nil { access += " · no token" }
        let listening = polling?.noListen != true
        if !listening { access = "" }
        let fixedAccess = access
        let url = listening ? ReceiverStatus(configuration: configuration, boundPort: receiver.port).url : "not listening (--no-listen)"
        let store = opened.store, storeLabel = opened.label
        return {
            let health = store.health
            let storeText: String
            switch health {
            case .ok: storeText = "store \(storeLabel)"
            case .failing(let error): storeText = "STORE FAILING (answering 503): \(error.message)"
            }
            var info = ReceiverInfo(url: url, access: fixedAccess,
                                    accessIsWarning: configuration.allowAny, store: storeText,
                                    storeIsFailing: !health.isOK, ringOverruns: ring.overruns)
            if let poller {
                let status = poller.status
                info.api = status.line
                info.apiIsWarning = status.isWarning
                info.inFlight = poller.outbox.map {
                    InFlightFax(id: $0.id, to: $0.to.joined(separator: ", "), pages: $0.pages, status: $0.status,
                                since: $0.statusSince.flatMap(FaxTimestamp.parse))
                }
                info.accountNumbers = poller.numbers
            }
            return info
        }
    }

    private func makeLogger() -> Logger {
        if options.headless {
            let format = logFormat
            return Logger(label: "faxtop") { FileLogHandler(label: $0, sink: .standardError, format: format) }
        }
        let sink = FileLogHandler.Sink(path: options.display.logFile ?? DataPaths.defaultLogFile())
        return Logger(label: "faxtop") { FileLogHandler(label: $0, sink: sink) }
    }

    private func startCompanion(_ alongside: (@Sendable (URL) async throws -> Void)?, port: Int,
                                host: String, path: String, logger: Logger) -> Task<Void, Never> {
        let connectHost = ["0.0.0.0", "::", ""].contains(host) ? "127.0.0.1" : host
        return Task {
            guard let alongside else { return }
            let bracketed = connectHost.contains(":") ? "[\(connectHost)]" : connectHost
            guard let url = URL(string: "http://\(bracketed):\(port)\(path)") else { return }
            do { try await alongside(url) } catch { logger.error("companion task failed: \(error)") }
        }
    }
}
