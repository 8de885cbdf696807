/// One Fax.Plus webhook delivery, decoded.
///
/// Field names follow the documented payload (`hook` + `data`). Fields a sender may leave out are
/// optional; the raw body is kept byte-for-byte so nothing the sender said (extra fields, number
/// spelling) is lost and the detail pane can show exactly what arrived.
public struct FaxEvent: Sendable, Equatable {
    // hook
    public var hookID: String
    public var hookEvent: String
    /// `hook.event_time` as sent (`YYYY-MM-DD HH:mm:ss`, UTC).
    public var eventTime: String?
    public var target: String?
    // data
    public var dataID: String
    public var uid: String?
    public var pages: Int?
    public var from: String?
    public var to: String?
    public var startTime: String?
    public var file: String?
    public var fileName: String?
    public var cost: Double?
    public var status: FaxStatus?
    /// The body exactly as received.
    public var raw: [UInt8]

    public init(
        hookID: String, hookEvent: String, eventTime: String? = nil, target: String? = nil,
        dataID: String, uid: String? = nil, pages: Int? = nil, from: String? = nil, to: String? = nil,
        startTime: String? = nil, file: String? = nil, fileName: String? = nil, cost: Double? = nil,
        status: FaxStatus? = nil, raw: [UInt8] = []
    ) {
        self.hookID = hookID
        self.hookEvent = hookEvent
        self.eventTime = eventTime
        self.target = target
        self.dataID = dataID
        self.uid = uid
        self.pages = pages
        self.from = from
        self.to = to
        self.startTime = startTime
        self.file = file
        self.fileName = fileName
        self.cost = cost
        self.status = status
        self.raw = raw
    }

    public var kind: EventKind { EventKind(hookEvent: hookEvent) }

    /// The first attempt of a fax session is the one whose hook id is the session (data) id.
    public var isFirstAttempt: Bool { hookID == dataID }

    /// `hook.event_time` as seconds since 1970 (UTC), if present and well-formed.
    public var eventTimeSeconds: Int64? { eventTime.flatMap(FaxTimestamp.parse) }

    /// The identity used for idempotency: the same delivery sent again has the same key.
    public var deliveryKey: DeliveryKey { DeliveryKey(event: hookEvent, hookID: hookID, dataID: dataID) }
}

/// (`hook.event`, `hook.id`, `data.id`): a delivery that repeats all three is a duplicate.
public struct DeliveryKey: Hashable, Sendable {
    public var event: String
    public var hookID: String
    public var dataID: String

    public init(event: String, hookID: String, dataID: String) {
        self.event = event
        self.hookID = hookID
        self.dataID = dataID
    }
}
