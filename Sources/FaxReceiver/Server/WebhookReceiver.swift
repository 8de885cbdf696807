import FaxCore
import FaxStore
import Hummingbird
import Logging
import NIOCore

/// The HTTP server for webhooks, as a service the caller runs (and shuts down gracefully) in a
/// `ServiceGroup` beside whatever else the process does.
public struct WebhookReceiver: Sendable {
    public let configuration: ReceiverConfiguration
    public let pipeline: IngestPipeline
    let logger: Logger

    public init(configuration: ReceiverConfiguration, store: any EventStore, logger: Logger) {
        self.configuration = configuration
        self.pipeline = IngestPipeline(store: store)
        self.logger = logger
    }

    /// The Hummingbird application. `onBound` gets the port actually bound (useful with port 0).
    public func makeApplication(onBound: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let responder = WebhookResponder(configuration: configuration, pipeline: pipeline)
        return Application(
            responder: responder,
            server: .http1(configuration: .init(idleTimeout: .seconds(30))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "faxtop"),
            onServerRunning: { channel in await onBound(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }
}
