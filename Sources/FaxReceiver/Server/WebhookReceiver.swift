import FaxCore
import FaxStore
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// The HTTP server for webhooks, as a service the caller runs (and shuts down gracefully) in a
/// `ServiceGroup` beside whatever else the process does.
public struct WebhookReceiver: Sendable {
    public let configuration: ReceiverConfiguration
    public let pipeline: IngestPipeline
    let logger: Logger

    public init(configuration: ReceiverConfiguration, store: any EventStore, logger: Logger, metrics: ReceiverMetrics? = nil) {
        self.configuration = configuration
        self.pipeline = IngestPipeline(store: store, metrics: metrics)
        self.logger = logger
    }

    /// What the UI header shows about this receiver; pass the bound port once known.
    public func status(boundPort: Int? = nil) -> ReceiverStatus {
        ReceiverStatus(configuration: configuration, boundPort: boundPort)
    }

    /// The Hummingbird application. `onBound` gets the port actually bound (useful with port 0).
    ///
    /// Limits set here: `idleTimeout` closes connections that send nothing (slow headers, stalled
    /// bodies, idle keep-alive); the header decoder refuses oversize headers with 400; at most
    /// `maxConnections` connections are served at once, the rest wait in the listen backlog; a connection
    /// closed while a refused body is still arriving lingers briefly so the refusal reaches the sender.
    public func makeApplication(onBound: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let responder = WebhookResponder(configuration: configuration, pipeline: pipeline)
        let lingerBytes = configuration.lingerBytes, lingerTime = TimeAmount(configuration.lingerTime)
        let http1 = HTTP1Channel.Configuration(
            additionalChannelHandlers: [LingeringClose(maxBytes: lingerBytes, maxTime: lingerTime)],
            idleTimeout: TimeAmount(configuration.idleTimeout),
            httpDecoderConfiguration: .init(
                maxHeaderFieldSize: configuration.maxHeaderBytes,
                maxHeaderListSize: configuration.maxHeaderBytes,
                maxHeaderFieldCount: configuration.maxHeaderCount
            )
        )
        return Application(
            responder: responder,
            server: .http1(configuration: http1),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "faxtop",
                availableConnectionsDelegate: MaximumAvailableConnections(configuration.maxConnections, logger: logger)
            ),
            onServerRunning: { channel in await onBound(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }
}
