/// Everything that reaches the receiver's webhook path becomes one `Delivery`, numbered by the
/// store in one sequence (`seq`) shared by accepted events, repeated deliveries and rejections.
/// The sequence is contiguous, so a consumer that sees a gap knows exactly what to fetch again.
public enum Delivery: Sendable, Equatable {
    case accepted(AcceptedDelivery)
    case duplicate(DuplicateDelivery)
    case rejected(Rejection)

    public var seq: Int64 {
        switch self {
        case .accepted(let d): return d.seq
        case .duplicate(let d): return d.seq
        case .rejected(let r): return r.seq
        }
    }

    public var receivedAt: Int64 {
        switch self {
        case .accepted(let d): return d.receivedAt
        case .duplicate(let d): return d.receivedAt
        case .rejected(let r): return r.receivedAt
        }
    }
}

/// A new event, stored for the first time.
public struct AcceptedDelivery: Sendable, Equatable {
    public var seq: Int64
    public var event: FaxEvent
    /// Milliseconds since 1970 (UTC) when the body arrived.
    public var receivedAt: Int64
    public var remote: String
    /// The event's place in its retry chain as known when it arrived (1 for the first attempt).
    public var attempt: Int

    public init(seq: Int64, event: FaxEvent, receivedAt: Int64, remote: String, attempt: Int = 1) {
        self.seq = seq
        self.event = event
        self.receivedAt = receivedAt
        self.remote = remote
        self.attempt = attempt
    }
}

/// The same event (same `hook.event`, `hook.id`, `data.id`) delivered again.
public struct DuplicateDelivery: Sendable, Equatable {
    public var seq: Int64
    /// The `seq` of the stored event this repeats.
    public var eventSeq: Int64
    /// How many times the event has now been delivered (2 for the first repeat).
    public var deliveryCount: Int
    public var receivedAt: Int64
    public var remote: String

    public init(seq: Int64, eventSeq: Int64, deliveryCount: Int, receivedAt: Int64, remote: String) {
        self.seq = seq
        self.eventSeq = eventSeq
        self.deliveryCount = deliveryCount
        self.receivedAt = receivedAt
        self.remote = remote
    }
}

/// A refused request, kept so the operator can see who knocked and why.
public struct Rejection: Sendable, Equatable {
    /// Bodies are kept up to this many bytes; the rest is cut and `bodyTruncated` is set.
    public static let maxStoredBody = 4096

    public var seq: Int64
    public var receivedAt: Int64
    public var remote: String
    public var code: Int
    public var reason: String
    public var field: String?
    public var method: String
    public var path: String
    public var body: [UInt8]
    public var bodyTruncated: Bool

    public init(
        seq: Int64 = 0, receivedAt: Int64, remote: String, code: Int, reason: String, field: String? = nil,
        method: String = "POST", path: String = "", body: [UInt8] = [], bodyTruncated: Bool = false
    ) {
        self.seq = seq
        self.receivedAt = receivedAt
        self.remote = remote
        self.code = code
        self.reason = reason
        self.field = field
        self.method = method
        self.path = path
        if body.count > Self.maxStoredBody {
            self.body = Array(body.prefix(Self.maxStoredBody))
            self.bodyTruncated = true
        } else {
            self.body = body
            self.bodyTruncated = bodyTruncated
        }
    }
}
