import FaxCore
import NIOCore

extension IPAddress {
    /// The address of a socket, from its bytes (formatting it as text to parse it again cost time on
    /// every request and could only lose information). Nil for a Unix socket.
    public init?(socketAddress: SocketAddress) {
        switch socketAddress {
        case .v4(let address):
            self.init(bytes: withUnsafeBytes(of: address.address.sin_addr) { Array($0) })
        case .v6(let address):
            self.init(bytes: withUnsafeBytes(of: address.address.sin6_addr) { Array($0) })
        case .unixDomainSocket:
            return nil
        }
    }
}
