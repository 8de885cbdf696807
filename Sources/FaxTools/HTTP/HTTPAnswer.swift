/// An HTTP response, reduced to what faxtop's commands show or act on.
public struct HTTPAnswer: Sendable, Equatable {
    public var status: Int
    /// Header fields with lowercased names.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The body as text (invalid UTF-8 repaired), without a trailing newline.
    public var bodyText: String {
        var text = String(decoding: body, as: UTF8.self)
        while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
        return text
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// The request never got an HTTP answer: refused, unreachable, timed out, TLS failed.
public struct NetworkError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
