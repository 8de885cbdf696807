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
    public var hookEvent: String
    public var hookID: String
    public var dataID: String
    public var from: String
    public var to: String
    public var status: FaxStatus?
    public var pages: Int32
    public var cost: Double
    /// `hook.event_time` in seconds since 1970 (UTC), if given.
    public var eventTime: Int64?
    public var fileName: String
    public var deliveryCount: Int32
    /// Boxed: rejections are rare, and a reference keeps every other record 24 bytes smaller.
    private var rejectionBox: RejectionBox?

    private final class RejectionBox: Sendable {
        let info: RejectionInfo
        init(_ info: RejectionInfo) { self.info = info }
    }

    /// Why the request was refused; nil for an accepted event.
    public var rejection: RejectionInfo? { rejectionBox?.info }

    /// The event's kind; nil for a rejected request.
    public var kind: EventKind? { rejectionBox == nil ? EventKind(hookEvent: hookEvent) : nil }

    public static func == (a: FeedRecord, b: FeedRecord) -> Bool {
        a.seq == b.seq && a.receivedAt == b.receivedAt && a.remote == b.remote && a.hookEvent == b.hookEvent
            && a.hookID == b.hookID && a.dataID == b.dataID && a.from == b.from && a.to == b.to && a.status == b.status
            && a.pages == b.pages && a.cost == b.cost && a.eventTime == b.eventTime && a.fileName == b.fileName
            && a.deliveryCount == b.deliveryCount && a.rejection == b.rejection
    }

    public init(_ delivery: AcceptedDelivery, deliveryCount: Int = 1) {
        let event = delivery.event
        seq = delivery.seq
        receivedAt = delivery.receivedAt
        remote = delivery.remote
        hookEvent = event.hookEvent
        hookID = event.hookID
        // The first attempt's ids are equal: share one string rather than keep two copies.
        dataID = event.dataID == event.hookID ? event.hookID : event.dataID
        from = event.from ?? ""
        to = event.to ?? ""
        status = event.status
        pages = Int32(clamping: event.pages ?? 0)
        cost = event.cost ?? 0
        eventTime = event.eventTimeSeconds
        fileName = event.fileName ?? ""
        self.deliveryCount = Int32(clamping: deliveryCount)
        rejectionBox = nil
    }

    /// An accepted event's record from its fields (``FeedRecordDecoder`` reads them from the store).
    init(seq: Int64, receivedAt: Int64, remote: String, hookEvent: String, hookID: String, dataID: String,
         from: String, to: String, status: FaxStatus?, pages: Int32, cost: Double, eventTime: Int64?, fileName: String) {
        self.seq = seq
        self.receivedAt = receivedAt
        self.remote = remote
        self.hookEvent = hookEvent
        self.hookID = hookID
        self.dataID = dataID
        self.from = from
        self.to = to
        self.status = status
        self.pages = pages
        self.cost = cost
        self.eventTime = eventTime
        self.fileName = fileName
        deliveryCount = 1
        rejectionBox = nil
    }

    public init(_ rejection: Rejection) {
        seq = rejection.seq
        receivedAt = rejection.receivedAt
        remote = rejection.remote
        hookEvent = ""
        hookID = ""
        dataID = ""
        from = ""
        to = ""
        status = nil
        pages = 0
        cost = 0
        eventTime = nil
        fileName = ""
        deliveryCount = 1
        rejectionBox = RejectionBox(RejectionInfo(code: rejection.code, reason: rejection.reason))
    }

    /// The digits of `from` and `to`, computed when asked: keeping them would cost 32 bytes a record,
    /// and the filter matches digits in place (``DigitSearch``).
    public var fromDigits: String { PhoneNumber.digits(from) }
    public var toDigits: String { PhoneNumber.digits(to) }

    public var isRejection: Bool { rejectionBox != nil }
    /// A retry is any attempt other than the first of its fax session.
    public var isRetry: Bool { rejectionBox == nil && hookID != dataID }
    public var isDuplicate: Bool { deliveryCount > 1 }
}
