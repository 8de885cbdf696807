import FaxCore
import FaxReceiver
import FaxStore
import FaxTestSupport
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// The real receiver on a loopback port, run in a `ServiceGroup` as the executable runs it.
struct TestServer: Sendable {
    let host: String
    let port: Int
    let store: any EventStore
    let logs: LogCapture
    let group: ServiceGroup

    /// Starts a receiver with `configuration` (host and port are overridden), runs `body`, then shuts
    /// the receiver down gracefully and waits for it to finish.
    static func with(
        host: String = "127.0.0.1",
        _ configuration: ReceiverConfiguration = ReceiverConfiguration(),
        store: (any EventStore)? = nil,
        _ body: @Sendable (TestServer) async throws -> Void
    ) async throws {
        let store = try store ?? InterposedStore()
        var configuration = configuration
        configuration.host = host
        configuration.port = 0
        let logs = LogCapture()
        let logger = Logger(label: "faxtop.test") { _ in logs.handler() }
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let app = WebhookReceiver(configuration: configuration, store: store, logger: logger)
            .makeApplication(onBound: { port in portSink.yield(port) })
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw RawConnection.Failure(description: "never bound") }
            let server = TestServer(host: host, port: port, store: store, logs: logs, group: group)
            do {
                try await body(server)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }

    func post(_ body: String, to target: String = "/webhook", headers: [(String, String)] = []) async throws -> HTTPReply {
        try await RawHTTP.post(target, body, host: host, port: port, headers: headers)
    }

    func request(_ method: String, _ target: String, body: String = "", headers: [(String, String)] = []) async throws -> HTTPReply {
        try await RawHTTP.request(method, target, host: host, port: port, body: Array(body.utf8), headers: headers)
    }

    func connect(receiveTimeout: Double = 10) async throws -> RawConnection {
        let host = host, port = port
        return try await RawHTTP.offPool { try RawConnection(host: host, port: port, receiveTimeout: receiveTimeout) }
    }

    var deliveries: [Delivery] {
        get throws {
            let last = try store.lastSeq()
            return last == 0 ? [] : try store.deliveries(in: 1...last)
        }
    }

    var rejections: [Rejection] {
        get throws { try deliveries.compactMap { if case .rejected(let r) = $0 { r } else { nil } } }
    }
}

/// Collects every log line so tests can check what was (and was not) logged.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func handler() -> some LogHandler { Handler(capture: self) }

    fileprivate func append(_ line: String) { lines.withLock { $0.append(line) } }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            capture.append("\(event.level) \(event.message) \(merged)")
        }
    }
}
