import FaxCore
import FaxStore
import Foundation
import Hummingbird
import NIOCore

/// Answers every request the receiver gets: the webhook path, `/healthz`, and 404 for the rest.
public struct WebhookResponder: HTTPResponder {
    public typealias Context = ReceiverContext

    let configuration: ReceiverConfiguration
    let pipeline: IngestPipeline

    public init(configuration: ReceiverConfiguration, pipeline: IngestPipeline) {
        self.configuration = configuration
        self.pipeline = pipeline
    }

    public func respond(to request: Request, context: Context) async throws -> Response {
        let path = ReceiverConfiguration.normalise(request.uri.path)
        if path == "/healthz" { return try health(request) }
        guard path == configuration.path else {
            return JSONAnswer.error(404, "not found: webhooks go to POST \(configuration.path)")
        }
        return await webhook(request, context: context)
    }

    private func webhook(_ request: Request, context: Context) async -> Response {
        let remote = context.peerIP
        let now = Self.nowMilliseconds()
        let path = request.uri.path
        guard request.method == .post else {
            let reason = "method \(request.method.rawValue) not allowed: use POST"
            await pipeline.reject(code: 405, reason: reason, remote: remote, receivedAt: now,
                                  method: request.method.rawValue, path: path, body: [])
            return JSONAnswer.error(405, reason, extraHeaders: [.allow: "POST"])
        }
        let limit = configuration.maxBody
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            return await tooLarge(remote: remote, now: now, path: path, size: "\(declared) bytes")
        }
        var body: [UInt8]
        do {
            var buffer = try await request.body.collect(upTo: limit)
            body = buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch {
            return await tooLarge(remote: remote, now: now, path: path, size: "more than \(limit) bytes")
        }
        let answer = await pipeline.ingest(body: body, remote: remote, receivedAt: now, path: path)
        body = []
        switch answer {
        case let .accepted(seq, attempt):
            return JSONAnswer.response(.ok, "{\"status\":\"accepted\",\"seq\":\(seq),\"attempt\":\(attempt)}")
        case let .duplicate(seq):
            return JSONAnswer.response(.ok, "{\"status\":\"duplicate\",\"seq\":\(seq)}")
        case let .rejected(code, reason, field):
            return JSONAnswer.error(code, reason, field: field)
        case let .storeUnavailable(message):
            return JSONAnswer.error(503, "store unavailable, retry later: \(message)", extraHeaders: [.retryAfter: "5"])
        }
    }

    private func tooLarge(remote: String, now: Int64, path: String, size: String) async -> Response {
        let reason = "body too large: \(size), the limit is \(configuration.maxBody) bytes"
        await pipeline.reject(code: 413, reason: reason, remote: remote, receivedAt: now,
                              method: "POST", path: path, body: [])
        return JSONAnswer.error(413, reason)
    }

    private func health(_ request: Request) throws -> Response {
        guard request.method == .get || request.method == .head else {
            return JSONAnswer.error(405, "use GET /healthz", extraHeaders: [.allow: "GET, HEAD"])
        }
        do {
            let totals = try pipeline.store.totals()
            return JSONAnswer.response(.ok, "{\"status\":\"ok\",\"events\":\(totals.events),\"deliveries\":\(totals.deliveries),\"rejected\":\(totals.rejected),\"last_seq\":\(try pipeline.store.lastSeq())}")
        } catch {
            return JSONAnswer.error(503, "store unavailable: \(error.message)")
        }
    }

    static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}
