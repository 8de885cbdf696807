import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One request, one answer, over URLSession. No redirects are hidden and no retries are made:
/// faxtop's commands report exactly what the server said.
///
/// One exchange keeps one session, so a stream of requests (the demo) reuses its connections.
public struct HTTPExchange: Sendable {
    public let timeout: TimeInterval
    private let session: URLSession

    public init(timeout: TimeInterval = 15) {
        self.timeout = timeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        self.session = URLSession(configuration: configuration)
    }

    public func perform(_ request: URLRequest) async throws(NetworkError) -> HTTPAnswer {
        var request = request
        request.timeoutInterval = timeout
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await exchange(request)
        } catch {
            throw Self.describe(error, url: request.url)
        }
        guard let http = response as? HTTPURLResponse else {
            throw NetworkError("\(Self.where(request.url)): the answer was not HTTP")
        }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
        }
        return HTTPAnswer(status: http.statusCode, headers: headers, body: [UInt8](data))
    }

    /// The request through URLSession's completion-handler API, deliberately not `data(for:)`: on Linux,
    /// cancelling the Swift task of a `data(for:)` in flight can deadlock (the task's cancellation takes
    /// the runtime's status lock and then waits for URLSession's queue, while that queue, finishing the
    /// transfer, waits for the same lock to resume the task). `faxtop demo` hung on quit that way, now and
    /// then. Here cancellation does not reach URLSession: a request in flight runs to its answer or its
    /// timeout, and the demo's runner stops before the next one.
    private func exchange(_ request: URLRequest) async throws -> (Data, URLResponse) {
        try await withCheckedThrowingContinuation { continuation in
            session.dataTask(with: request) { data, response, error in
                if let error {
                    continuation.resume(throwing: error)
                } else if let response {
                    continuation.resume(returning: (data ?? Data(), response))
                } else {
                    continuation.resume(throwing: URLError(.badServerResponse))
                }
            }.resume()
        }
    }

    static func `where`(_ url: URL?) -> String {
        guard let url, let host = url.host else { return url?.absoluteString ?? "the server" }
        let port = url.port.map { ":\($0)" } ?? ""
        return host.contains(":") ? "[\(host)]\(port)" : "\(host)\(port)"
    }

    static func describe(_ error: any Error, url: URL?) -> NetworkError {
        let place = Self.where(url)
        guard let urlError = error as? URLError else {
            return NetworkError("could not reach \(place): \(error.localizedDescription)")
        }
        let reason: String
        switch urlError.code {
        case .cannotConnectToHost: reason = "connection refused (is anything listening there?)"
        case .timedOut: reason = "timed out"
        case .cannotFindHost, .dnsLookupFailed: reason = "host not found"
        case .notConnectedToInternet: reason = "no network connection"
        case .networkConnectionLost: reason = "the connection was closed before an answer came"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
            reason = "TLS failed: \(urlError.localizedDescription)"
        case .unsupportedURL: reason = "unsupported URL"
        case .cancelled: reason = "cancelled"
        default: reason = urlError.localizedDescription
        }
        return NetworkError("could not reach \(place): \(reason)")
    }
}
