import Foundation

/// Why a Fax.Plus API call failed, each with its own exit code (documented in the README and in
/// `faxtop hooks --help`).
public enum FaxPlusError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No token in `FAXPLUS_TOKEN` or `--token-file`, or the file is unreadable/empty.
    case missingToken(String)
    /// 401: the token is wrong, expired or revoked.
    case unauthorized(String)
    /// 403: the token is valid but lacks the permission (scope, plan or role).
    case forbidden(String)
    /// 404: no such hook (delete), or a wrong `--api-base`.
    case notFound(String)
    /// 429: too many requests; `retryAfter` is the server's `Retry-After` value, if any.
    case rateLimited(retryAfter: String?, message: String)
    /// 5xx: Fax.Plus had a problem.
    case server(status: Int, message: String)
    /// No HTTP answer at all.
    case network(String)
    /// Any other status, or a body faxtop could not read.
    case unexpected(status: Int, message: String)

    /// The process exit code for this failure.
    public var exitCode: Int32 {
        switch self {
        case .missingToken: return 2
        case .unauthorized: return 3
        case .forbidden: return 4
        case .notFound: return 5
        case .rateLimited: return 6
        case .server: return 7
        case .network: return 8
        case .unexpected: return 9
        }
    }

    public var description: String {
        switch self {
        case .missingToken(let message):
            return message
        case .unauthorized(let detail):
            return "Fax.Plus refused the token (401 Unauthorized)\(Self.suffix(detail)). Check FAXPLUS_TOKEN or --token-file: the personal access token may be wrong, expired or revoked."
        case .forbidden(let detail):
            return "Fax.Plus denied access (403 Forbidden)\(Self.suffix(detail)). The token works but lacks permission for webhooks (its scopes, the account's plan or your role)."
        case .notFound(let detail):
            return "not found (404)\(Self.suffix(detail)). Check the hook id (faxtop hooks list) and --api-base."
        case let .rateLimited(retryAfter, detail):
            let wait = retryAfter.map { "; retry after \(Self.retryAfterText($0))" } ?? ""
            return "Fax.Plus is rate limiting requests (429 Too Many Requests)\(wait)\(Self.suffix(detail))."
        case let .server(status, detail):
            return "Fax.Plus had a server error (\(status))\(Self.suffix(detail)). Try again later."
        case .network(let message):
            return message
        case let .unexpected(status, detail):
            return "unexpected answer from Fax.Plus (\(status))\(Self.suffix(detail))"
        }
    }

    private static func suffix(_ detail: String) -> String {
        detail.isEmpty ? "" : ": \(detail)"
    }

    /// `Retry-After` is either seconds or an HTTP date.
    static func retryAfterText(_ value: String) -> String {
        if let seconds = Int(value.trimmingCharacters(in: .whitespaces)) {
            return seconds == 1 ? "1 second" : "\(seconds) seconds"
        }
        return value
    }
}
