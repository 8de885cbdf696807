import Foundation
import Hummingbird
import Synchronization

/// A stand-in for the Fax.Plus REST API v3 webhook endpoints, strict about what it accepts: the
/// method, the `/v3/hooks` paths, `Authorization: Bearer <token>`, and the JSON body of a create.
/// `forced` makes every request answer with a given failure instead.
final class FakeFaxPlus: Sendable {
    struct Seen: Sendable, Equatable {
        var method: String
        var path: String
        var query: String
        var authorization: String?
        var contentType: String?
        var body: String
    }

    struct Forced: Sendable {
        var status: Int
        var headers: [String: String] = [:]
        var body: String = ""
    }

    static let token = "pat-test-1234"

    private struct State {
        var hooks: [(id: String, target: String, event: String)] = [
            ("6710aa0000000000000000a1", "https://faxes.example.com/webhook", "fax_received"),
            ("6710aa0000000000000000a2", "https://faxes.example.com/webhook", "fax_sent"),
        ]
        var seen: [Seen] = []
        var forced: Forced?
        var nextID = 3
    }

    private let state = Mutex(State())

    var seen: [Seen] { state.withLock { $0.seen } }
    var hookIDs: [String] { state.withLock { $0.hooks.map(\.id) } }

    func force(_ forced: Forced?) { state.withLock { $0.forced = forced } }

    func application(onRunning: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        loopbackApplication(Responder(fake: self), onRunning: onRunning)
    }

    struct Responder: HTTPResponder {
        typealias Context = BasicRequestContext
        let fake: FakeFaxPlus

        func respond(to request: Request, context: Context) async throws -> Response {
            var buffer = try await request.body.collect(upTo: 1 << 20)
            let body = buffer.readString(length: buffer.readableBytes) ?? ""
            let seen = Seen(method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
                            authorization: request.headers[.authorization], contentType: request.headers[.contentType], body: body)
            return fake.answer(seen)
        }
    }

    private func answer(_ request: Seen) -> Response {
        state.withLock { s in
            s.seen.append(request)
            if let forced = s.forced {
                var headers = HTTPFields()
                if let retryAfter = forced.headers["Retry-After"] { headers[.retryAfter] = retryAfter }
                return Self.response(forced.status, forced.body, headers: headers)
            }
            guard request.authorization == "Bearer \(Self.token)" else {
                return Self.response(401, #"{"error":"invalid_token","description":"The access token is invalid"}"#)
            }
            switch (request.method, request.path) {
            case ("GET", "/v3/hooks"):
                let event = URLComponents(string: "/?" + request.query)?.queryItems?.first { $0.name == "event" }?.value
                guard let event else { return Self.response(400, #"{"error":"invalid_request","description":"event is required"}"#) }
                let items = s.hooks.filter { $0.event == event }.map {
                    #"{"id":"\#($0.id)","target":"\#($0.target)","event":"\#($0.event)"}"#
                }
                return Self.response(200, #"{"data":[\#(items.joined(separator: ","))]}"#)
            case ("POST", "/v3/hooks"):
                guard request.contentType?.hasPrefix("application/json") == true,
                      let object = try? JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any],
                      let target = object["target"] as? String, let event = object["event"] as? String,
                      object.count == 2
                else { return Self.response(400, #"{"error":"invalid_request","description":"target and event are required"}"#) }
                let id = String(format: "6710aa00000000000000%04x", s.nextID)
                s.nextID += 1
                s.hooks.append((id, target, event))
                return Self.response(200, #"{"id":"\#(id)"}"#)
            case ("DELETE", let path) where path.hasPrefix("/v3/hooks/"):
                let id = String(path.dropFirst("/v3/hooks/".count))
                guard let index = s.hooks.firstIndex(where: { $0.id == id }) else {
                    return Self.response(404, #"{"error":"not_found","description":"webhook not found"}"#)
                }
                s.hooks.remove(at: index)
                return Self.response(200, "")
            default:
                return Self.response(404, #"{"error":"not_found","description":"no such endpoint"}"#)
            }
        }
    }

    private static func response(_ status: Int, _ body: String, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        if !body.isEmpty { headers[.contentType] = "application/json" }
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
