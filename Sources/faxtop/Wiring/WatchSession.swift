import FaxCore
import FaxDashboard
import FaxReceiver
import FaxStore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Wires one `watch` run: store → ring → UI, with the receiver serving beside it.
struct WatchSession {
    let options: WatchOptions

    /// Runs until the user quits. `alongside` (used by `faxtop demo`) starts once the receiver is
    /// listening, gets the base URL of the webhook path (e.g. `http://127.0.0.1:41234/webhook`), and is
    /// cancelled when the session ends.
    func run(alongside: (@Sendable (URL) async throws -> Void)? = nil) async throws {
        let ring = EventRing<Delivery>(capacity: options.ring)
        let wake = WakePipe()
        let store = InMemoryEventStore(sink: { batch in
            for delivery in batch { ring.push(delivery) }
            wake.signal()
        })
        let logFile = options.logFile ?? DataPaths.defaultLogFile()
        let logSink = FileLogHandler.Sink(path: logFile)
        let logger = Logger(label: "faxtop") { FileLogHandler(label: $0, sink: logSink) }

        let configuration = ReceiverConfiguration(host: options.host, port: options.port, path: options.path,
                                                  maxBody: options.maxBody)
        let receiver = WebhookReceiver(configuration: configuration, store: store, logger: logger)
        let boundPort = Atomic<Int>(0)
        let (listening, listeningContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = receiver.makeApplication(onBound: { port in
            boundPort.store(port, ordering: .relaxed)
            listeningContinuation.yield(port)
            listeningContinuation.finish()
            wake.signal()
        })
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let server = Task { try await group.run() }
        let connectHost = ["0.0.0.0", "::", ""].contains(options.host) ? "127.0.0.1" : options.host
        let companion = Task {
            guard let alongside else { return }
            for await port in listening {
                let bracketed = connectHost.contains(":") ? "[\(connectHost)]" : connectHost
                guard let url = URL(string: "http://\(bracketed):\(port)\(configuration.path)") else { return }
                do { try await alongside(url) } catch { logger.error("companion task failed: \(error)") }
            }
        }

        let noColor = options.noColor || ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } == true
        let host = options.host
        let path = configuration.path
        let infoProvider: @Sendable () -> ReceiverInfo = {
            let port = boundPort.load(ordering: .relaxed)
            let url = port == 0 ? "starting on \(host)…" : "http://\(host):\(port)\(path)"
            return ReceiverInfo(url: url, store: "store: memory", ringOverruns: ring.overruns)
        }
        let useMouse = !options.noMouse
        let ascii = options.ascii
        let uiResult: Result<Void, any Error> = await UIThread.run {
            let terminal = NcursesTerminal(color: !noColor, mouse: useMouse)
            defer { terminal.close() }
            let dashboard = Dashboard(info: infoProvider(), ascii: ascii, noColor: noColor,
                                      rawBody: { seq in try? store.rawBody(seq: seq) })
            let loop = DashboardLoop(terminal: terminal, dashboard: dashboard,
                                     intake: DeliveryIntake(ring: ring, store: store),
                                     history: HistoryLoader(store: store), wake: wake, receiverInfo: infoProvider)
            let quit = loop.quitSwitch
            let signals = SignalWatcher(signals: [SIGINT, SIGTERM, SIGHUP]) { quit.turnOn() }
            defer { signals.cancel() }
            loop.run()
        }
        companion.cancel()
        await group.triggerGracefulShutdown()
        _ = try? await server.value
        try uiResult.get()
    }
}
