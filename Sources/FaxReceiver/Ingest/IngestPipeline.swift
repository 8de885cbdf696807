import FaxCore
import FaxStore

/// Decode → store → answer: the part of the receiver that does not know about HTTP.
public struct IngestPipeline: Sendable {
    public enum Answer: Sendable, Equatable {
        case accepted(seq: Int64, attempt: Int)
        case duplicate(seq: Int64)
        case rejected(code: Int, reason: String, field: String?)
        case storeUnavailable(String)
    }

    public let store: any EventStore
    public let decoder: WebhookDecoder
    /// What `/metrics` counts; nil counts nothing.
    public let metrics: ReceiverMetrics?

    public init(store: any EventStore, decoder: WebhookDecoder = WebhookDecoder(), metrics: ReceiverMetrics? = nil) {
        self.store = store
        self.decoder = decoder
        self.metrics = metrics
    }

    /// Handles one webhook body. Refusals are journaled as ``Rejection``s so the operator sees them.
    public func ingest(body: [UInt8], remote: String, receivedAt: Int64, path: String) async -> Answer {
        let event: FaxEvent
        do {
            event = try decoder.decode(body)
        } catch {
            await reject(code: error.httpStatus, reason: error.description, field: error.field,
                         remote: remote, receivedAt: receivedAt, method: "POST", path: path, body: body)
            return .rejected(code: error.httpStatus, reason: error.description, field: error.field)
        }
        do {
            switch try await store.append(event, receivedAt: receivedAt, remote: remote) {
            case let .accepted(seq, attempt):
                metrics?.stored(event)
                return .accepted(seq: seq, attempt: attempt)
            case let .duplicate(seq, _): return .duplicate(seq: seq)
            }
        } catch {
            return .storeUnavailable(error.message)
        }
    }

    /// Journals a refused request. A store failure here is not the sender's problem: the sender
    /// still gets its 4xx, and the store's state shows in the UI.
    public func reject(
        code: Int, reason: String, field: String? = nil, remote: String, receivedAt: Int64,
        method: String, path: String, body: [UInt8], bodyTruncated: Bool = false
    ) async {
        let rejection = Rejection(
            receivedAt: receivedAt, remote: remote, code: code, reason: reason, field: field,
            method: method, path: path, body: body, bodyTruncated: bodyTruncated
        )
        _ = try? await store.append(rejection)
    }
}
