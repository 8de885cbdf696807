import FaxCore
import FaxStore
import Foundation
import Hummingbird
import Logging
import NIOCore

/// Answers every request the receiver gets: the webhook path, `/healthz`, `/metrics`, and 404 for the rest.
///
/// A webhook request passes the guard in this order: allowlist (judged on the client
/// address, proxy-aware) → token → method → body limit → decode. Each refusal is journaled as a
/// `Rejection` so the operator sees it; the token is never journaled or logged.
public struct WebhookResponder: HTTPResponder {
    public typealias Context = ReceiverContext

    let configuration: ReceiverConfiguration
    let pipeline: IngestPipeline
    private let allowlist: Allowlist
    private let resolver: ClientAddressResolver
    private let tokenCheck: TokenCheck?
    private let bodyReader: BodyReader

    static let forwardedFor = HTTPFields.Element.Name("X-Forwarded-For")!
    static let forwarded = HTTPFields.Element.Name("Forwarded")!

    public init(configuration: ReceiverConfiguration, pipeline: IngestPipeline) {
        self.configuration = configuration
        self.pipeline = pipeline
        self.allowlist = configuration.allowlist
        self.resolver = configuration.clientResolver
        self.tokenCheck = configuration.tokenCheck
        self.bodyReader = BodyReader(limit: configuration.maxBody, timeout: configuration.bodyTimeout,
                                     keptPrefix: Rejection.maxStoredBody)
    }

    public func respond(to request: Request, context: Context) async throws -> Response {
        let target = RequestTarget(path: request.uri.path, query: request.uri.query,
                                   webhookPath: configuration.path, tokenInPath: tokenCheck != nil)
        // Unknown paths are answered without journaling: scanners would otherwise fill the feed.
        guard target.kind != .notFound else {
            guard Self.mayHaveBody(request) else { return JSONAnswer.error(404, "not found") }
            context.closeConnectionAfterResponse()
            return JSONAnswer.error(404, "not found", extraHeaders: [.connection: "close"])
        }
        let refusal = Refusal(request: request, context: context, target: target,
                              receivedAt: Self.nowMilliseconds(), pipeline: pipeline)
        let resolution = resolver.resolve(
            peer: context.peerAddress,
            forwardedFor: request.headers[values: Self.forwardedFor],
            forwarded: request.headers[values: Self.forwarded]
        )
        for client in resolution.clients where !allowlist.allows(client.ip) {
            let via = resolution.isForwarded ? " (forwarded by \(resolution.peer.text))" : ""
            return await refusal.answer(403, "client \(client.text) is not in the allowlist\(via)", remote: client.text)
        }
        let remote = resolution.client.text
        if target.kind == .health {
            return await health(request, refusal: refusal, remote: remote)
        }
        if target.kind == .metrics {
            return await metrics(request, refusal: refusal, remote: remote)
        }
        if let tokenCheck, !tokenCheck.matches(target.presentedToken) {
            let reason = target.presentedToken == nil ? "missing token" : "wrong token"
            return await refusal.answer(401, reason, remote: remote)
        }
        guard request.method == .post else {
            return await refusal.answer(405, "method \(request.method.rawValue) not allowed: use POST",
                                        remote: remote, extraHeaders: [.allow: "POST"])
        }
        return await webhook(request, refusal: refusal, remote: remote)
    }

    private func webhook(_ request: Request, refusal: Refusal, remote: String) async -> Response {
        let limit = configuration.maxBody
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            return await refusal.answer(413, "body too large: \(declared) bytes, the limit is \(limit) bytes", remote: remote)
        }
        var body: [UInt8]
        switch await bodyReader.read(request.body) {
        case .complete(let bytes):
            body = bytes
        case .tooLarge(let prefix):
            return await refusal.answer(413, "body too large: more than \(limit) bytes, the limit is \(limit) bytes",
                                        remote: remote, body: prefix, bodyTruncated: true)
        case .timedOut:
            let seconds = configuration.bodyTimeout.components.seconds
            return await refusal.answer(408, "body not received within \(seconds) s", remote: remote)
        case .failed:
            return await refusal.answer(400, "body incomplete: the connection failed while it was arriving", remote: remote)
        }
        let answer = await pipeline.ingest(body: body, remote: remote, receivedAt: refusal.receivedAt,
                                           path: refusal.target.redactedPath)
        body = []
        let counted = pipeline.metrics
        switch answer {
        case let .accepted(seq, attempt):
            counted?.answered("accepted", code: 200)
            return JSONAnswer.response(.ok, "{\"status\":\"accepted\",\"seq\":\(seq),\"attempt\":\(attempt)}")
        case let .duplicate(seq):
            counted?.answered("duplicate", code: 200)
            return JSONAnswer.response(.ok, "{\"status\":\"duplicate\",\"seq\":\(seq)}")
        case let .rejected(code, reason, field):
            counted?.answered("rejected", code: code)
            refusal.log(code, reason, remote: remote)
            return JSONAnswer.error(code, reason, field: field)
        case let .storeUnavailable(message):
            counted?.answered("unavailable", code: 503)
            refusal.context.logger.error("store unavailable, answering 503", metadata: ["error": "\(message)"])
            return JSONAnswer.error(503, "store unavailable, retry later: \(message)", extraHeaders: [.retryAfter: "5"])
        }
    }

    /// `/healthz` is behind the allowlist (it tells how busy the receiver is) but not the token, so a
    /// local check or an allowed monitor can use it without knowing the secret.
    private func health(_ request: Request, refusal: Refusal, remote: String) async -> Response {
        guard request.method == .get || request.method == .head else {
            return await refusal.answer(405, "method \(request.method.rawValue) not allowed: use GET /healthz",
                                        remote: remote, extraHeaders: [.allow: "GET, HEAD"])
        }
        do {
            let store = pipeline.store
            let (totals, lastSeq) = try await OffThePool.run { () throws(StoreError) in (try store.totals(), try store.lastSeq()) }
            let counts = "\"events\":\(totals.events),\"deliveries\":\(totals.deliveries),\"rejected\":\(totals.rejected),\"last_seq\":\(lastSeq)"
            // A monitor must see what the header shows: webhooks are being answered 503.
            if case .failing(let failure) = pipeline.store.health {
                return JSONAnswer.response(.serviceUnavailable,
                                           "{\"status\":\"failing\",\"error\":\(JSONText.quote(failure.message)),\(counts)}",
                                           extraHeaders: [.retryAfter: "5"])
            }
            return JSONAnswer.response(.ok, "{\"status\":\"ok\",\(counts)}")
        } catch {
            return JSONAnswer.error(503, "store unavailable: \(error.message)")
        }
    }

    /// `/metrics`, Prometheus's text format: behind the allowlist like `/healthz`, without the token.
    private func metrics(_ request: Request, refusal: Refusal, remote: String) async -> Response {
        guard request.method == .get || request.method == .head else {
            return await refusal.answer(405, "method \(request.method.rawValue) not allowed: use GET /metrics",
                                        remote: remote, extraHeaders: [.allow: "GET, HEAD"])
        }
        guard let metrics = pipeline.metrics else { return JSONAnswer.error(404, "not found") }
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: await OffThePool.run { metrics.render() })))
    }

    /// Whether the client may still be sending a body we are not going to read.
    static func mayHaveBody(_ request: Request) -> Bool {
        if let length = request.headers[.contentLength].flatMap(Int.init) { return length > 0 }
        return request.method != .get && request.method != .head
    }

    static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}

/// Refuses one request: journals it, logs it, and answers the sender.
private struct Refusal {
    let request: Request
    let context: ReceiverContext
    let target: RequestTarget
    let receivedAt: Int64
    let pipeline: IngestPipeline

    func answer(
        _ code: Int, _ reason: String, remote: String, body: [UInt8] = [], bodyTruncated: Bool = false,
        extraHeaders: HTTPFields = [:]
    ) async -> Response {
        pipeline.metrics?.answered("rejected", code: code)
        await pipeline.reject(code: code, reason: reason, remote: remote, receivedAt: receivedAt,
                              method: request.method.rawValue, path: target.redactedPath,
                              body: body, bodyTruncated: bodyTruncated)
        log(code, reason, remote: remote)
        // Anything still on its way is not read in full: the connection closes, lingering briefly
        // (LingeringClose) so that a client still sending its body gets this answer, not a reset.
        // `Connection: close` tells the client not to send its next request on this connection.
        var headers = extraHeaders
        if WebhookResponder.mayHaveBody(request) {
            context.closeConnectionAfterResponse()
            headers[.connection] = "close"
        }
        return JSONAnswer.error(code, reason, extraHeaders: headers)
    }

    func log(_ code: Int, _ reason: String, remote: String) {
        // Logs may go to a terminal (stderr in headless mode): nothing from the network goes there raw.
        context.logger.info("refused", metadata: [
            "code": "\(code)", "remote": "\(TerminalSafeText.make(remote))", "method": "\(request.method.rawValue)",
            "path": "\(TerminalSafeText.make(target.redactedPath))", "reason": "\(TerminalSafeText.make(reason))",
        ])
    }
}
