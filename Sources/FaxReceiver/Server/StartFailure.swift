import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// Why the receiver could not start listening, in one line a user can act on.
///
/// NIO reports a bind failure as `bind(descriptor:ptr:bytes:): Address already in use (errno: 98)`;
/// a user needs to hear which port or address is the problem and what to do about it.
public struct StartFailure: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ error: any Error, host: String, port: Int) {
        description = Self.describe(error, host: host, port: port)
    }

    static func describe(_ error: any Error, host: String, port: Int) -> String {
        if let io = error as? IOError {
            switch io.errnoCode {
            case EADDRINUSE:
                return "port \(port) is in use — another faxtop? choose one with --port"
            case EACCES, EPERM:
                let low = port > 0 && port < 1024 ? " (ports below 1024 need root or CAP_NET_BIND_SERVICE)" : ""
                return "not allowed to listen on port \(port)\(low) — choose one with --port"
            case EADDRNOTAVAIL:
                return "address \(host) is not on this machine — choose one with --host (0.0.0.0 for all)"
            case EAFNOSUPPORT:
                return "address \(host) is of a kind this machine does not support — choose one with --host"
            default:
                return "cannot listen on \(host):\(port): \(String(cString: strerror(io.errnoCode)))"
            }
        }
        if error is SocketAddressError.UnknownHost {
            return "cannot resolve host \(host) — choose an address of this machine with --host"
        }
        if let address = error as? SocketAddressError {
            switch address {
            case .unknown:
                return "cannot resolve host \(host) — choose an address of this machine with --host"
            default:
                return "cannot listen on \(host):\(port): \(address)"
            }
        }
        return "cannot listen on \(host):\(port): \(error)"
    }
}
