import FaxCore
import Foundation
import Hummingbird
import Synchronization

/// A stand-in for the Fax.Plus REST API v3 fax endpoints: `GET /v3/accounts/self/faxes` (category,
/// after, before, limit, offset, sort_by=date, order), `/v3/accounts/self` and
/// `/v3/accounts/self/numbers` and `/v3/accounts/self/outbox`, strict about the bearer token. The faxes are JSON objects as the API
/// sends them; tests change them between requests (`onList`) and queue failures (`queue`).
final class FakeFaxPlusAPI: Sendable {
    struct Answer: Sendable {
        var status: Int
        var headers: [String: String] = [:]
        var body: String
    }

    static let token = "pat-poll-5678"

    private struct State {
        var faxes: [[String: any Sendable]] = []
        var queued: [Answer] = []
        var listRequests: [String] = []
        var paths: [String] = []
        var outbox: [[String: any Sendable]] = []
        var onList: (@Sendable (Int, FakeFaxPlusAPI) -> Void)?
    }

    private let state = Mutex(State())

    var listRequests: [String] { state.withLock { $0.listRequests } }
    /// The path of every request, in order.
    var paths: [String] { state.withLock { $0.paths } }

    func setOutbox(_ entries: [[String: any Sendable]]) { state.withLock { $0.outbox = entries } }

    func add(_ fax: [String: any Sendable]) { state.withLock { $0.faxes.append(fax) } }

    func update(id: String, _ change: [String: any Sendable]) {
        state.withLock { s in
            guard let index = s.faxes.firstIndex(where: { $0["id"] as? String == id }) else { return }
            for (key, value) in change { s.faxes[index][key] = value }
        }
    }

    /// Answers the next list requests with these, in order, before answering normally again.
    func queue(_ answers: Answer...) { state.withLock { $0.queued += answers } }

    /// Called before each list request is answered, with its index (0 for the first).
    func onList(_ body: @escaping @Sendable (Int, FakeFaxPlusAPI) -> Void) { state.withLock { $0.onList = body } }

    /// A fax record as the API lists it.
    static func fax(_ id: String, direction: String = "incoming", start: String, status: String = "success",
                    from: String = "+1 646-555-0123", fromKey: String = "from", to: String = "+1 212-555-0147",
                    pages: Int = 2, lastUpdate: String? = nil, spam: Bool = false) -> [String: any Sendable] {
        ["id": id, "owner_id": "owner-1", "direction": direction, fromKey: from, "to": to, "pages": pages,
         "status": status, "cost": 0.1, "start_time": start, "submit_time": start,
         "last_update": lastUpdate ?? start, "file": "\(id).tiff", "file_name": "fax-\(id)",
         "is_read": false, "is_spam": spam, "comment": ""]
    }

    func application(onRunning: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        loopbackApplication(Responder(fake: self), onRunning: onRunning)
    }

    struct Responder: HTTPResponder {
        typealias Context = BasicRequestContext
        let fake: FakeFaxPlusAPI

        func respond(to request: Request, context: Context) async throws -> Response {
            let answer = fake.answer(path: request.uri.path, query: request.uri.query ?? "",
                                     authorization: request.headers[.authorization])
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            if let retryAfter = answer.headers["Retry-After"] { headers[.retryAfter] = retryAfter }
            return Response(status: .init(code: answer.status), headers: headers,
                            body: .init(byteBuffer: ByteBuffer(string: answer.body)))
        }
    }

    private func answer(path: String, query: String, authorization: String?) -> Answer {
        let items = URLComponents(string: "/?" + query)?.queryItems ?? []
        func value(_ name: String) -> String? { items.first { $0.name == name }?.value }
        let isList = path == "/v3/accounts/self/faxes"
        let (hook, index): ((@Sendable (Int, FakeFaxPlusAPI) -> Void)?, Int) = state.withLock { s in
            s.paths.append(path)
            guard isList else { return (nil, 0) }
            s.listRequests.append(query)
            return (s.onList, s.listRequests.count - 1)
        }
        hook?(index, self)
        return state.withLock { s -> Answer in
            if isList, !s.queued.isEmpty { return s.queued.removeFirst() }
            guard authorization == "Bearer \(Self.token)" else {
                return Answer(status: 401, body: #"{"error":"invalid_token","description":"The access token is invalid"}"#)
            }
            switch path {
            case "/v3/accounts/self":
                return Answer(status: 200, body: #"{"uid":"u-1","name":"Ann","lastname":"Lee","email":"ann@example.com"}"#)
            case "/v3/accounts/self/numbers":
                return Answer(status: 200, body: #"{"numbers":[{"number":"+12125550147","status":"active"}]}"#)
            case "/v3/accounts/self/outbox":
                let records = s.outbox.map { entry -> String in
                    let data = try! JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys])
                    return String(decoding: data, as: UTF8.self)
                }
                return Answer(status: 200, body: #"{"records":[\#(records.joined(separator: ","))]}"#)
            case "/v3/accounts/self/faxes":
                guard let category = value("category"), let limit = value("limit").flatMap(Int.init),
                      let offset = value("offset").flatMap(Int.init), value("order") == "asc"
                else { return Answer(status: 400, body: #"{"error":"invalid_request"}"#) }
                let after = value("after") ?? "", before = value("before") ?? "9999"
                let listed = s.faxes.enumerated().filter { _, fax in
                    let spam = fax["is_spam"] as? Bool ?? false
                    let inCategory = switch category {
                    case "inbox": fax["direction"] as? String == "incoming" && !spam
                    case "sent": fax["direction"] as? String == "outgoing"
                    default: spam
                    }
                    let start = fax["start_time"] as? String ?? ""
                    return inCategory && start >= after && start < before
                }
                // Sorted by date; equal dates in the order the faxes were added (a stable order, as
                // a database's would be for a query it runs again).
                .sorted { ($0.element["start_time"] as? String ?? "", $0.offset) < ($1.element["start_time"] as? String ?? "", $1.offset) }
                .map(\.element)
                let page = listed.dropFirst(offset).prefix(limit)
                let records = page.map { fax -> String in
                    let data = try! JSONSerialization.data(withJSONObject: fax, options: [.sortedKeys])
                    return String(decoding: data, as: UTF8.self)
                }
                return Answer(status: 200, body: #"{"data":{"records":[\#(records.joined(separator: ","))]}}"#)
            default:
                return Answer(status: 404, body: #"{"error":"not_found"}"#)
            }
        }
    }
}
