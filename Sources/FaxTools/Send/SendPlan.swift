import FaxCore
import Foundation

/// What `faxtop send` will post, worked out before any network traffic (so `--print` shows the
/// exact same thing).
public struct SendPlan: Sendable {
    public var url: URL
    public var bodies: [[UInt8]]

    public init(url: URL, bodies: [[UInt8]]) {
        self.url = url
        self.bodies = bodies
    }

    public static let defaultURL = "http://127.0.0.1:8080/webhook"

    /// `sent` and `received` are short for `fax_sent` and `fax_received`; any other name is used as is.
    public static func hookEvent(_ name: String) -> String {
        switch name.lowercased() {
        case "sent", "fax_sent": return "fax_sent"
        case "received", "fax_received": return "fax_received"
        default: return name
        }
    }

    /// The receiver URL with the token added as `?token=` (kept if the URL already has one).
    public static func webhookURL(_ text: String, token: String?) throws(SendError) -> URL {
        guard var components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", components.host?.isEmpty == false
        else { throw SendError.usage("not an http(s) URL: \(text)") }
        if let token, !token.isEmpty {
            var items = components.queryItems ?? []
            items.removeAll { $0.name == "token" }
            items.append(URLQueryItem(name: "token", value: token))
            components.queryItems = items
            // `+` in a query means a space to many servers; a token's `+` must arrive as `+`.
            components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        }
        guard let url = components.url else { throw SendError.usage("not a valid URL: \(text)") }
        return url
    }

    /// `count` generated payloads. With `spec.retryOf`, each is a further attempt of that session,
    /// one second apart; otherwise each is a new fax session.
    public static func generated(_ spec: PayloadSpec, count: Int, seed: UInt64, now: Int64) -> [[UInt8]] {
        var builder = PayloadBuilder(seed: seed)
        return (0..<max(0, count)).map { i in
            builder.make(spec, eventTime: now + Int64(spec.retryOf == nil ? 0 : i)).body
        }
    }
}

/// Why `faxtop send` stopped.
public enum SendError: Error, Sendable, Equatable, CustomStringConvertible {
    case usage(String)
    case unreadableFile(String)

    public var description: String {
        switch self {
        case .usage(let message), .unreadableFile(let message): return message
        }
    }
}
