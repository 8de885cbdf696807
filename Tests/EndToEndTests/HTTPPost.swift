import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain HTTP/1.1 POST over a blocking loopback socket, for the end-to-end tests.
/// (Plain sockets rather than URLSession: nothing between the test and the wire.)
enum HTTPPost {
    /// Sends `body` to `url` (path and query as given) with `headers` added, and returns the answer.
    static func send(_ body: Data, to url: String, method: String = "POST",
                     headers: [(String, String)] = []) throws -> (status: Int, body: String) {
        guard let components = URLComponents(string: url), let port = components.port else {
            throw E2EError("bad URL \(url)")
        }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw E2EError("socket() failed") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw E2EError("connect to \(url) failed: errno \(errno)") }
        var target = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        if let query = components.percentEncodedQuery { target += "?" + query }
        let extra = headers.map { "\($0.0): \($0.1)\r\n" }.joined()
        let head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: application/json\r\n"
            + extra + "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        let request = Data(head.utf8) + body
        try request.withUnsafeBytes { buffer in
            var sent = 0
            while sent < buffer.count {
                let n = Glibc.send(fd, buffer.baseAddress! + sent, buffer.count - sent, 0)
                guard n > 0 else { throw E2EError("send failed") }
                sent += n
            }
        }
        var response = Data()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { break }
            response.append(contentsOf: chunk[0..<n])
        }
        let text = String(decoding: response, as: UTF8.self)
        guard let statusLine = text.split(separator: "\r\n").first, statusLine.split(separator: " ").count >= 2,
              let status = Int(statusLine.split(separator: " ")[1]) else {
            throw E2EError("no HTTP answer from \(url): \(text)")
        }
        let bodyText = text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
        return (status, bodyText)
    }

    /// Reads the listening URL off the dashboard's header (faxtop runs with --port 0).
    static func listeningURL(in screen: String) -> String? {
        guard let range = screen.range(of: #"http://127\.0\.0\.1:[0-9]+/webhook"#, options: .regularExpression) else {
            return nil
        }
        return String(screen[range])
    }
}
