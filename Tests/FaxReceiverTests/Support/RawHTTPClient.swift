import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A deliberately small HTTP/1.1 client on a plain socket, so tests can do what real clients and
/// attackers do: stall mid-headers, stream chunks, lie about lengths, hold connections open.
/// Blocking calls run on their own thread (never on the concurrency pool the server also uses).
final class RawConnection: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible { let description: String }

    private let fd: Int32
    private var buffered: [UInt8] = []

    /// Connects to `host` (an IPv4 or IPv6 literal) on `port`.
    init(host: String, port: Int, receiveTimeout: Double = 10) throws {
        let isV6 = host.contains(":")
        fd = socket(isV6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed") }
        var timeout = timeval(tv_sec: Int(receiveTimeout), tv_usec: Int((receiveTimeout - receiveTimeout.rounded(.down)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let result: Int32
        if isV6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET6, host, &address.sin6_addr)
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET, host, &address.sin_addr)
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        guard result == 0 else {
            close(fd)
            throw Failure(description: "connect to \(host):\(port) failed: errno \(errno)")
        }
    }

    deinit { close(fd) }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Waits up to `timeout` seconds for something to read (or the peer closing).
    func canRead(within timeout: Double) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, Int32(timeout * 1000)) > 0
    }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw Failure(description: "send failed: errno \(errno)") }
            offset += sent
        }
    }

    /// Reads one response (headers plus a Content-Length body, or up to EOF without one).
    func readResponse() throws -> HTTPReply {
        while true {
            if let end = headerEnd() {
                let head = String(decoding: buffered[..<end], as: UTF8.self)
                var reply = try HTTPReply(head: head)
                let bodyStart = end + 4
                if let length = reply.header("content-length").flatMap(Int.init) {
                    while buffered.count - bodyStart < length {
                        guard try receiveMore() else { throw Failure(description: "EOF inside a body") }
                    }
                    reply.body = String(decoding: buffered[bodyStart..<(bodyStart + length)], as: UTF8.self)
                    buffered.removeFirst(bodyStart + length)
                } else {
                    while try receiveMore() {}
                    reply.body = String(decoding: buffered[bodyStart...], as: UTF8.self)
                    buffered.removeAll()
                }
                return reply
            }
            guard try receiveMore() else { throw Failure(description: "EOF before a response (\(buffered.count) bytes)") }
        }
    }

    /// Everything until the server closes the connection (or the receive timeout), as text.
    func readAll() -> String {
        while (try? receiveMore()) == true {}
        defer { buffered.removeAll() }
        return String(decoding: buffered, as: UTF8.self)
    }

    /// Whether the server closed the connection (EOF or reset) within the receive timeout.
    func waitForClose() -> Bool {
        var byte: UInt8 = 0
        while true {
            let count = recv(fd, &byte, 1, 0)
            if count == 0 { return true }
            if count < 0 { return errno == ECONNRESET }
        }
    }

    enum Closing: Equatable { case cleanly, reset, notWithinTimeout }

    /// How the server ended the connection: a FIN (`cleanly`) or a TCP reset, which can destroy an
    /// answer the client has not read yet. Anything still arriving before the end is skipped.
    func closing() -> Closing {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count == 0 { return .cleanly }
            if count < 0 { return errno == ECONNRESET ? .reset : .notWithinTimeout }
        }
    }

    private func headerEnd() -> Int? {
        guard buffered.count >= 4 else { return nil }
        for index in 0...(buffered.count - 4) where buffered[index] == 13 && buffered[index + 1] == 10
            && buffered[index + 2] == 13 && buffered[index + 3] == 10 {
            return index
        }
        return nil
    }

    /// false at EOF.
    private func receiveMore() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        let count = recv(fd, &chunk, chunk.count, 0)
        if count == 0 { return false }
        guard count > 0 else { throw Failure(description: "recv failed: errno \(errno)") }
        buffered += chunk[..<count]
        return true
    }
}

struct HTTPReply: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: String = ""

    init(head: String) throws {
        let lines = head.components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw RawConnection.Failure(description: "bad status line: \(lines[0])")
        }
        self.status = status
        self.headers = lines.dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
    }

    func header(_ name: String) -> String? { headers.first { $0.0 == name.lowercased() }?.1 }

    /// The body as a JSON object (the receiver always answers JSON).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }
}

enum RawHTTP {
    /// Runs blocking socket work on a thread of its own.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.start()
        }
    }

    /// One request on a fresh connection (`Connection: close`), returning the response.
    static func request(
        _ method: String = "POST", _ target: String, host: String, port: Int, body: [UInt8] = [],
        headers: [(String, String)] = []
    ) async throws -> HTTPReply {
        try await offPool {
            let connection = try RawConnection(host: host, port: port)
            var head = "\(method) \(target) HTTP/1.1\r\nHost: faxtop.test\r\nConnection: close\r\n"
            if method != "GET" || !body.isEmpty { head += "Content-Length: \(body.count)\r\n" }
            for (name, value) in headers { head += "\(name): \(value)\r\n" }
            try connection.send(Array((head + "\r\n").utf8) + body)
            return try connection.readResponse()
        }
    }

    static func post(_ target: String, _ body: String, host: String, port: Int, headers: [(String, String)] = []) async throws -> HTTPReply {
        try await request("POST", target, host: host, port: port, body: Array(body.utf8), headers: headers)
    }
}
