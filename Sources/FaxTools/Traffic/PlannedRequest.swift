import Foundation

/// One request the traffic generator wants sent, and when.
public struct PlannedRequest: Sendable, Equatable {
    /// What the request is meant to show in the dashboard.
    public enum Kind: String, Sendable, CaseIterable {
        /// The first attempt of a fax session (`hook.id == data.id`): 200 accepted.
        case fax
        /// A later attempt of an earlier session (`hook.id != data.id`): 200 accepted, grouped in a chain.
        case retry
        /// The same body delivered again: 200 duplicate.
        case duplicate
        /// A `hook.event` faxtop does not know (`fax_page_received`): 200, shown as "other".
        case otherEvent
        /// Not JSON, truncated, empty or not UTF-8: 400.
        case malformed
        /// JSON with a missing or mistyped field: 422.
        case invalid
        /// A GET or PUT on the webhook path: 405.
        case wrongMethod
        /// Larger than the default `--max-body`: 413.
        case oversize
        /// A wrong token in the query or path (only when the receiver has a token): 401.
        case wrongToken
    }

    public var kind: Kind
    public var method: String
    /// Appended to the webhook path (a token in the path: `/SECRET`); usually empty.
    public var pathSuffix: String
    /// The query without `?` (`token=SECRET`); empty for none.
    public var query: String
    public var body: [UInt8]
    /// How long to wait after the previous request before sending this one.
    public var delayBeforeMs: Int

    public init(kind: Kind, method: String = "POST", pathSuffix: String = "", query: String = "",
                body: [UInt8], delayBeforeMs: Int = 0) {
        self.kind = kind
        self.method = method
        self.pathSuffix = pathSuffix
        self.query = query
        self.body = body
        self.delayBeforeMs = delayBeforeMs
    }

    /// The full URL for a receiver whose webhook URL is `base` (e.g. `http://127.0.0.1:41234/webhook`).
    public func url(base: URL) -> URL {
        guard var components = URLComponents(url: base, resolvingAgainstBaseURL: false) else { return base }
        components.percentEncodedPath += pathSuffix
        if !query.isEmpty {
            components.percentEncodedQuery = [components.percentEncodedQuery, query]
                .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "&")
        }
        return components.url ?? base
    }
}
