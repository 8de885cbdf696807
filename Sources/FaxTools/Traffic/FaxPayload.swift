import FaxCore

/// One Fax.Plus webhook body (`hook` + `data`), with every documented field.
///
/// Rendered by hand in the documented field order, so generated bodies look exactly like the ones
/// Fax.Plus sends and are byte-for-byte repeatable.
public struct FaxPayload: Sendable, Equatable {
    // hook
    public var hookID: String
    public var event: String
    /// `hook.event_time`, seconds since 1970 (UTC).
    public var eventTime: Int64
    public var target: String
    // data
    public var dataID: String
    public var uid: String
    public var pages: Int
    public var from: String
    public var to: String
    /// `data.start_time`, seconds since 1970 (UTC).
    public var startTime: Int64
    public var file: String
    public var fileName: String
    public var cost: Double
    public var status: String

    public init(
        hookID: String, event: String, eventTime: Int64, target: String, dataID: String, uid: String,
        pages: Int, from: String, to: String, startTime: Int64, file: String, fileName: String,
        cost: Double, status: String
    ) {
        self.hookID = hookID
        self.event = event
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
    }

    /// A retry is an attempt whose hook id is not the fax session's (data) id.
    public var isRetry: Bool { hookID != dataID }

    /// The body as compact JSON (one line).
    public var json: String {
        let q = JSONText.quote
        let hook = "{\"id\":\(q(hookID)),\"event\":\(q(event)),\"event_time\":\(q(FaxTimestamp.format(eventTime))),\"target\":\(q(target))}"
        let data = "{\"id\":\(q(dataID)),\"uid\":\(q(uid)),\"pages\":\(pages),\"from\":\(q(from)),\"to\":\(q(to))"
            + ",\"start_time\":\(q(FaxTimestamp.format(startTime))),\"file\":\(q(file)),\"file_name\":\(q(fileName))"
            + ",\"cost\":\(JSONText.number(cost)),\"status\":\(q(status))}"
        return "{\"hook\":\(hook),\"data\":\(data)}"
    }

    /// The body as UTF-8 bytes, ready to post.
    public var body: [UInt8] { Array(json.utf8) }
}
