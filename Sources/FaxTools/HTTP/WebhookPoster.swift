import FaxCore
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Delivers webhook bodies the way Fax.Plus does: a POST with a JSON body.
public struct WebhookPoster: Sendable {
    public var exchange: HTTPExchange

    public init(exchange: HTTPExchange = HTTPExchange()) {
        self.exchange = exchange
    }

    /// Sends `body` to `url` and returns the receiver's answer, whatever its status.
    public func post(_ body: [UInt8], to url: URL, method: String = "POST") async throws(NetworkError) -> HTTPAnswer {
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("faxtop/\(FaxtopVersion.current)", forHTTPHeaderField: "User-Agent")
        if method != "GET" && method != "HEAD" { request.httpBody = Data(body) }
        return try await exchange.perform(request)
    }

    /// Sends one planned request to the receiver whose webhook URL is `base`.
    public func send(_ planned: PlannedRequest, base: URL) async throws(NetworkError) -> HTTPAnswer {
        try await post(planned.body, to: planned.url(base: base), method: planned.method)
    }
}
