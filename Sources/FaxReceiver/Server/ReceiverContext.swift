import Hummingbird
import NIOCore

/// The per-request context: Hummingbird's core storage plus the TCP peer's address, which the
/// allowlist and the rejection records need.
public struct ReceiverContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// The peer's IP address as text (`127.0.0.1`, `::1`), or `unknown`.
    public var peerIP: String { remoteAddress?.ipAddress ?? "unknown" }
}
