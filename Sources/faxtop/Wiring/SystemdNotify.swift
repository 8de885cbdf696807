#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Tells systemd how the service is doing (`Type=notify`): `READY=1` once the receiver listens,
/// `STOPPING=1` when it begins to shut down. A datagram to `$NOTIFY_SOCKET`; nothing without one.
enum SystemdNotify {
    static func send(_ state: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard var path = environment["NOTIFY_SOCKET"], !path.isEmpty else { return }
        // "@name" is a socket in the abstract namespace: a leading NUL byte in the address.
        let abstract = path.hasPrefix("@")
        if abstract { path.removeFirst() }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let offset = abstract ? 1 : 0
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count + offset < capacity else { return }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in bytes.enumerated() { raw[i + offset] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + offset + bytes.count + (abstract ? 0 : 1))
        _ = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { target in
                state.withCString { sendto(fd, $0, strlen($0), 0, target, length) }
            }
        }
    }
}
