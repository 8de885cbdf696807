import FaxCore
import Hummingbird
import NIOCore

/// The per-request context: Hummingbird's core storage plus the TCP connection, whose peer address
/// the allowlist and the rejection records need.
public struct ReceiverContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    let channel: (any Channel)?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
        self.channel = source.channel
    }

    /// The peer's IP address (nil for a Unix socket or an unknown peer).
    public var peerAddress: IPAddress? { remoteAddress.flatMap(IPAddress.init(socketAddress:)) }

    /// Closes the connection once the response to this request is written, instead of reading (and
    /// discarding) the whole of whatever body the client is still sending. Hummingbird's connection
    /// handler treats this like a graceful-shutdown request for this one connection; ``LingeringClose``
    /// turns the close into a bounded lingering one, so the answer is not lost to a TCP reset.
    func closeConnectionAfterResponse() {
        channel?.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
    }
}
