/// One row of the feed: the part of a delivery the dashboard keeps in memory.
///
/// The raw body is not kept here (the store has it, and the detail pane fetches it), so a million
/// records fit in a few hundred megabytes. Numbers are kept both as sent (for display) and as digits
/// (for matching and statistics).
public struct FeedRecord: Sendable, Equatable {
    public struct RejectionInfo: Sendable, Equatable {
        public var code: Int
        public var reason: String
    }

    public var seq: Int64
    public var receivedAt: Int64
    public var remote: String
    /// The event's kind; nil for a rejected request.
    public var kind: EventKind?
    public var hookEvent: String
    public var hookID: String
    public var dataID: String
    public var from: String
    public var to: String
    public var fromDigits: String
    public var toDigits: String
    public var status: FaxStatus?
    public var pages: Int
    public var cost: Double
    /// `hook.event_time` in seconds since 1970 (UTC), if given.
    public var eventTime: Int64?
    public var fileName: String
    public var deliveryCount: Int
    public var rejection: RejectionInfo?

    public init(_ delivery: AcceptedDelivery, deliveryCount: Int = 1) {
        let event = delivery.event
        seq = delivery.seq
        receivedAt = delivery.receivedAt
        remote = delivery.remote
        kind = event.kind
        hookEvent = event.hookEvent
        hookID = event.hookID
        // The first attempt's ids are equal: share one string rather than keep two copies.
        dataID = event.dataID == event.hookID ? event.hookID : event.dataID
        from = event.from ?? ""
        to = event.to ?? ""
        fromDigits = PhoneNumber.digits(from)
        toDigits = PhoneNumber.digits(to)
        status = event.status
        pages = event.pages ?? 0
        cost = event.cost ?? 0
        eventTime = event.eventTimeSeconds
        fileName = event.fileName ?? ""
        self.deliveryCount = deliveryCount
        rejection = nil
    }

    public init(_ rejection: Rejection) {
        seq = rejection.seq
        receivedAt = rejection.receivedAt
        remote = rejection.remote
        kind = nil
        hookEvent = ""
        hookID = ""
        dataID = ""
        from = ""
        to = ""
        fromDigits = ""
        toDigits = ""
        status = nil
        pages = 0
        cost = 0
        eventTime = nil
        fileName = ""
        deliveryCount = 1
        self.rejection = RejectionInfo(code: rejection.code, reason: rejection.reason)
    }

    public var isRejection: Bool { rejection != nil }
    /// A retry is any attempt other than the first of its fax session.
    public var isRetry: Bool { rejection == nil && hookID != dataID }
    public var isDuplicate: Bool { deliveryCount > 1 }
}
