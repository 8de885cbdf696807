import ArgumentParser
import FaxCore
import FaxDashboard
import FaxReceiver
import FaxStore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import UnixSignals

/// Wires one `watch` run: store → ring → UI (or headless lines), with the receiver serving beside it.
struct WatchSession {
    let options: WatchOptions

    /// Runs until the user quits (or, headless, until SIGINT/SIGTERM). `alongside` (used by `faxtop demo`)
    /// starts once the receiver is listening, gets the URL of the webhook path (e.g.
    /// `http://127.0.0.1:41234/webhook`), and is cancelled when the session ends.
    func run(alongside: (@Sendable (URL) async throws -> Void)? = nil) async throws {
        let settings = try options.settings()
        let configuration = try options.receiverConfiguration()
        let ring = EventRing<Delivery>(capacity: options.ring)
        let wake = WakePipe()
        // Wake the consumer only when the ring was empty: it drains until empty, so a wake-up per
        // delivery would only cost a syscall and a context switch each.
        let sink: DeliverySink = { batch in
            if ring.pushAll(batch) { wake.signal() }
        }
        let logger = makeLogger()
        let opened = try StoreOpener.open(memory: options.memory, path: settings.db, sink: sink)
        let store = opened.store
        defer { opened.close() }
        let retention = opened.startRetention(RetentionPolicy(keep: options.keep, keepDays: options.keepDays)) { error in
            logger.warning("retention: \(error.message)")
        }
        defer { retention?.cancel() }
        let healthProbe = opened.startHealthProbe()
        defer { healthProbe?.cancel() }
        let storeLabel = opened.label
        let receiver = WebhookReceiver(configuration: configuration, store: store, logger: logger)
        let boundPort = Atomic<Int>(0)
        let (listening, listeningContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = receiver.makeApplication(onBound: { port in
            boundPort.store(port, ordering: .relaxed)
            listeningContinuation.yield(port)
            listeningContinuation.finish()
            wake.signal()
        })
        // Headless, the service group owns SIGINT/SIGTERM; with the UI, the UI thread does (it must
        // restore the terminal first).
        let signals: [UnixSignal] = options.headless ? [.sigint, .sigterm] : []
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: signals, logger: logger))
        let server = Task { try await group.run() }
        let companion = startCompanion(alongside, listening: listening, host: configuration.host,
                                       path: configuration.path, logger: logger)
        defer { companion.cancel() }

        if options.headless {
            let outputFailure = Mutex<StandardOutput.WriteError?>(nil)
            let printer = HeadlessPrinter(ring: ring, store: store, wake: wake) { error in
                outputFailure.withLock { $0 = error }
                Task { await group.triggerGracefulShutdown() }
            }
            let printing = UIThread.start(name: "faxtop-headless") { printer.run() }
            Task {
                for await port in listening {
                    logger.info("\(ReceiverStatus(configuration: configuration, boundPort: port).summary)")
                }
            }
            var failure: (any Error)?
            do { try await server.value } catch { failure = error }
            printer.stop()
            await printing.value
            if let failure { throw failure }
            if let error = outputFailure.withLock({ $0 }) {
                Stderr.write("faxtop: \(error); stopped\n")
                throw ExitCode.failure
            }
            return
        }

        let catalog = try ThemeLoader.resolve(settings.theme)
        for problem in catalog.problems { logger.warning("skipped theme: \(problem)") }
        let themes = catalog.themes
        let selectedTheme = catalog.selected.name
        let noColor = options.noColor || ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } == true
        // What does not change while faxtop runs is worked out once; the UI asks for this every turn.
        let status = ReceiverStatus(configuration: configuration)
        var access = status.allowlist == "any" ? "allow ANY address" : "allow \(configuration.allow.count) ranges"
        access += configuration.trustProxy.isEmpty ? " · no proxies" : " · proxies \(status.trustedProxies)"
        if configuration.tokenCheck == nil { access += " · no token" }
        let fixedAccess = access
        let urls = Mutex<(port: Int, url: String)>((0, "starting…"))
        let infoProvider: @Sendable () -> ReceiverInfo = {
            let port = boundPort.load(ordering: .relaxed)
            let url = urls.withLock { cached in
                if cached.port != port, port != 0 {
                    cached = (port, ReceiverStatus(configuration: configuration, boundPort: port).url)
                }
                return cached.url
            }
            let health = store.health
            let storeText: String
            switch health {
            case .ok: storeText = "store \(storeLabel)"
            case .failing(let error): storeText = "STORE FAILING (answering 503): \(error.message)"
            }
            return ReceiverInfo(url: url, access: fixedAccess,
                                accessIsWarning: configuration.allowAny, store: storeText,
                                storeIsFailing: !health.isOK, ringOverruns: ring.overruns)
        }
        let useMouse = !options.noMouse
        let ascii = options.ascii
        let uiResult: Result<Void, any Error> = await UIThread.run {
            let terminal = NcursesTerminal(color: !noColor, mouse: useMouse)
            defer { terminal.close() }
            var dashboard = Dashboard(info: infoProvider(), ascii: ascii, noColor: noColor,
                                      rawBody: { seq in try? store.rawBody(seq: seq) })
            dashboard.setThemes(themes, selecting: selectedTheme)
            let loop = DashboardLoop(terminal: terminal, dashboard: dashboard,
                                     intake: DeliveryIntake(ring: ring, store: store),
                                     history: HistoryLoader(store: store), store: store, wake: wake,
                                     receiverInfo: infoProvider)
            let quit = loop.quitSwitch
            let signals = SignalWatcher(signals: [SIGINT, SIGTERM, SIGHUP]) { quit.turnOn() }
            defer { signals.cancel() }
            loop.run()
        }
        await group.triggerGracefulShutdown()
        _ = try? await server.value
        try uiResult.get()
    }

    private func makeLogger() -> Logger {
        if options.headless {
            return Logger(label: "faxtop") { FileLogHandler(label: $0, sink: .standardError) }
        }
        let sink = FileLogHandler.Sink(path: options.logFile ?? DataPaths.defaultLogFile())
        return Logger(label: "faxtop") { FileLogHandler(label: $0, sink: sink) }
    }

    private func startCompanion(_ alongside: (@Sendable (URL) async throws -> Void)?, listening: AsyncStream<Int>,
                                host: String, path: String, logger: Logger) -> Task<Void, Never> {
        let connectHost = ["0.0.0.0", "::", ""].contains(host) ? "127.0.0.1" : host
        return Task {
            guard let alongside else { return }
            for await port in listening {
                let bracketed = connectHost.contains(":") ? "[\(connectHost)]" : connectHost
                guard let url = URL(string: "http://\(bracketed):\(port)\(path)") else { return }
                do { try await alongside(url) } catch { logger.error("companion task failed: \(error)") }
            }
        }
    }
}
