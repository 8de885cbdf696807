import FaxCore
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The part of the Fax.Plus REST API v3 that manages webhook registrations.
///
/// Response shapes follow the official SDKs' OpenAPI models: `GET /hooks?event=E` answers
/// `{"data":[{"id","target","event"}]}`, `POST /hooks` answers `{"id": ...}`, `DELETE /hooks/{id}`
/// an empty body. The list is also read from `{"hooks":[...]}` or a bare array, in case the live API
/// differs from its models.
public struct FaxPlusClient: Sendable {
    public static let defaultBaseURL = URL(string: "https://restapi.fax.plus/v3")!

    public var baseURL: URL
    public var token: String
    public var exchange: HTTPExchange

    public init(baseURL: URL = FaxPlusClient.defaultBaseURL, token: String, exchange: HTTPExchange = HTTPExchange()) {
        self.baseURL = baseURL
        self.token = token
        self.exchange = exchange
    }

    /// The hooks registered for `event`; with nil, for `fax_sent` and `fax_received` (the API lists
    /// one event per request).
    public func listHooks(event: String?) async throws(FaxPlusError) -> [FaxPlusHook] {
        var hooks: [FaxPlusHook] = []
        for name in event.map({ [$0] }) ?? FaxPlusEvent.known {
            let answer = try await send("GET", path: "/hooks", query: [URLQueryItem(name: "event", value: name)])
            hooks += try Self.decodeList(answer.body, event: name)
        }
        return hooks
    }

    /// Registers `target` for `event` and returns the new hook's id.
    public func createHook(target: String, event: String) async throws(FaxPlusError) -> String {
        let body = "{\"target\":\(JSONText.quote(target)),\"event\":\(JSONText.quote(event))}"
        let answer = try await send("POST", path: "/hooks", body: Array(body.utf8))
        guard let object = try? JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any],
              let id = object["id"] as? String ?? (object["data"] as? [String: Any])?["id"] as? String
        else { throw .unexpected(status: answer.status, message: "no hook id in the answer: \(Self.excerpt(answer.body))") }
        return id
    }

    public func deleteHook(id: String) async throws(FaxPlusError) {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove("/")
        let escaped = id.addingPercentEncoding(withAllowedCharacters: allowed) ?? id
        _ = try await send("DELETE", path: "/hooks/" + escaped)
    }

    // MARK: - HTTP

    func send(_ method: String, path: String, query: [URLQueryItem] = [], body: [UInt8]? = nil) async throws(FaxPlusError) -> HTTPAnswer {
        guard var components = URLComponents(url: baseURL, resolvingAgainstBaseURL: false) else {
            throw .network("not a valid API URL: \(baseURL)")
        }
        let basePath = components.percentEncodedPath.trimmingSuffix("/")
        components.percentEncodedPath = basePath + path
        if !query.isEmpty { components.queryItems = query }
        guard let url = components.url else { throw .network("not a valid API URL: \(baseURL)\(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue("faxtop/\(FaxtopVersion.current)", forHTTPHeaderField: "User-Agent")
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body)
        }
        let answer: HTTPAnswer
        do {
            answer = try await exchange.perform(request)
        } catch {
            throw .network(error.message)
        }
        if answer.isSuccess { return answer }
        throw Self.failure(answer)
    }

    static func failure(_ answer: HTTPAnswer) -> FaxPlusError {
        let detail = errorDetail(answer.body)
        switch answer.status {
        case 401: return .unauthorized(detail)
        case 403: return .forbidden(detail)
        case 404: return .notFound(detail)
        case 429: return .rateLimited(retryAfter: answer.header("Retry-After"), message: detail)
        case 500...599: return .server(status: answer.status, message: detail)
        default: return .unexpected(status: answer.status, message: detail)
        }
    }

    /// The API's error model is `{"error": CODE, "description": TEXT}`; anything else is shown briefly.
    static func errorDetail(_ body: [UInt8]) -> String {
        if let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] {
            let parts = [object["error"] as? String, object["description"] as? String, object["message"] as? String]
                .compactMap { $0 }.filter { !$0.isEmpty }
            if !parts.isEmpty { return parts.joined(separator: ": ") }
        }
        return excerpt(body)
    }

    static func excerpt(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(200), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        return body.count > 200 ? text + "…" : text
    }

    static func decodeList(_ body: [UInt8], event: String) throws(FaxPlusError) -> [FaxPlusHook] {
        let root = try? JSONSerialization.jsonObject(with: Data(body))
        let items: [Any]?
        if let array = root as? [Any] {
            items = array
        } else if let object = root as? [String: Any] {
            items = object["data"] as? [Any] ?? object["hooks"] as? [Any]
        } else {
            items = nil
        }
        guard let items else {
            throw .unexpected(status: 200, message: "expected a list of hooks, got: \(excerpt(body))")
        }
        return items.compactMap { item in
            guard let hook = item as? [String: Any], let id = hook["id"] as? String else { return nil }
            return FaxPlusHook(id: id, target: hook["target"] as? String ?? "", event: hook["event"] as? String ?? event)
        }
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        var text = self
        while text.hasSuffix(suffix) { text.removeLast(suffix.count) }
        return text
    }
}
