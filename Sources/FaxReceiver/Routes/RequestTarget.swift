import Foundation

/// What a request's path and query address: the webhook (with the token it presents, if any),
/// `/healthz`, or nothing the receiver serves.
struct RequestTarget: Equatable {
    enum Kind: Equatable {
        case webhook
        case health
        case metrics
        case notFound
    }

    var kind: Kind
    /// The token presented as the last path segment, else as `?token=`, percent-decoded.
    var presentedToken: String?
    /// The path and query with any token replaced by `***`, safe to journal and log.
    var redactedPath: String

    /// - Parameters:
    ///   - path: the request path as sent.
    ///   - query: the query string without `?`, if any.
    ///   - webhookPath: the configured, normalised webhook path.
    ///   - tokenInPath: whether `{webhookPath}/SEGMENT` counts as the webhook (only when a token is set).
    init(path rawPath: String, query: String?, webhookPath: String, tokenInPath: Bool) {
        let path = ReceiverConfiguration.normalise(rawPath)
        let queryToken = query.flatMap { Self.parameter("token", in: $0) }
        let redactedQuery = query.map { "?" + Self.redacting("token", in: $0) } ?? ""
        let prefix = webhookPath == "/" ? "/" : webhookPath + "/"
        if path == webhookPath {
            self.init(kind: .webhook, presentedToken: queryToken, redactedPath: path + redactedQuery)
        } else if path == "/healthz" {
            self.init(kind: .health, presentedToken: nil, redactedPath: path + redactedQuery)
        } else if path == "/metrics" {
            self.init(kind: .metrics, presentedToken: nil, redactedPath: path + redactedQuery)
        } else if tokenInPath, path.hasPrefix(prefix), !path.dropFirst(prefix.count).contains("/") {
            let segment = String(path.dropFirst(prefix.count))
            self.init(kind: .webhook, presentedToken: segment.removingPercentEncoding ?? segment,
                      redactedPath: prefix + "***" + redactedQuery)
        } else {
            self.init(kind: .notFound, presentedToken: nil, redactedPath: String(path.prefix(256)) + redactedQuery)
        }
    }

    init(kind: Kind, presentedToken: String?, redactedPath: String) {
        self.kind = kind
        self.presentedToken = presentedToken
        self.redactedPath = redactedPath
    }

    private static func parameter(_ name: String, in query: String) -> String? {
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts[0] == name else { continue }
            let value = parts.count == 2 ? String(parts[1]) : ""
            // `+` stays a plus: a token pasted into a URL by hand is not form-encoded.
            return value.removingPercentEncoding ?? value
        }
        return nil
    }

    private static func redacting(_ name: String, in query: String) -> String {
        query.split(separator: "&", omittingEmptySubsequences: false).map { pair in
            pair.split(separator: "=", maxSplits: 1).first == Substring(name) ? "\(name)=***" : String(pair)
        }.joined(separator: "&").prefix(256).description
    }
}
