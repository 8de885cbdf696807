import FaxCore

/// What a caller wants in a payload; everything left nil gets a realistic value.
public struct PayloadSpec: Sendable, Equatable {
    /// `fax_sent`, `fax_received`, or any other `hook.event` name.
    public var event: String
    public var status: String?
    public var from: String?
    public var to: String?
    public var pages: Int?
    /// Make this a retry of the fax session with this `data.id` (a new `hook.id`, the same `data.id`).
    public var retryOf: String?
    /// Force the `hook.id` (for example to replay a known delivery).
    public var hookID: String?

    public init(
        event: String = "fax_sent", status: String? = nil, from: String? = nil, to: String? = nil,
        pages: Int? = nil, retryOf: String? = nil, hookID: String? = nil
    ) {
        self.event = event
        self.status = status
        self.from = from
        self.to = to
        self.pages = pages
        self.retryOf = retryOf
        self.hookID = hookID
    }
}

/// Builds realistic Fax.Plus webhook bodies: 24-hex object ids whose first 8 digits are the creation
/// time (as MongoDB ids, which Fax.Plus uses, are), `YYYY-MM-DD HH:mm:ss` UTC times, a 32-hex account
/// uid, a stored `.tiff` file name and a cost of one credit per page.
public struct PayloadBuilder: Sendable {
    public var rng: SplitMix64
    /// `hook.target`: the URL the hook was registered with.
    public var target: String
    /// `data.uid`: the account the fax belongs to.
    public var uid: String

    public static let defaultTarget = "https://hooks.example.com/faxplus"

    public init(seed: UInt64, target: String = PayloadBuilder.defaultTarget) {
        self.rng = SplitMix64(seed: seed)
        self.target = target
        self.uid = ""
        self.uid = rng.hex(32)
    }

    /// A 24-hex object id created at `seconds` (UTC).
    public mutating func objectID(at seconds: Int64) -> String {
        let stamp = String(UInt32(truncatingIfNeeded: max(0, seconds)), radix: 16)
        return String(repeating: "0", count: 8 - stamp.count) + stamp + rng.hex(16)
    }

    /// A payload as `spec` asks, stamped `eventTime` (seconds since 1970, UTC).
    public mutating func make(_ spec: PayloadSpec, eventTime: Int64) -> FaxPayload {
        let received = spec.event != "fax_sent"
        let from = spec.from ?? (received ? "+1 646-555-0123" : "+1 212-555-0147")
        let to = spec.to ?? (received ? "+1 212-555-0147" : "+1 415-555-0199")
        let pages = spec.pages ?? rng.int(in: 1...6)
        let startTime = eventTime - Int64(pages * 25 + rng.int(in: 8...45))
        let dataID = spec.retryOf ?? objectID(at: startTime)
        let hookID = spec.hookID ?? (spec.retryOf == nil ? dataID : objectID(at: eventTime))
        return FaxPayload(
            hookID: hookID, event: spec.event, eventTime: eventTime, target: target,
            dataID: dataID, uid: uid, pages: pages, from: from, to: to, startTime: startTime,
            file: rng.hex(32) + ".tiff", fileName: Self.fileName(received: received, from: from, to: to),
            cost: Double(pages), status: spec.status ?? "success"
        )
    }

    /// `fax-to-14155550199` for a sent fax, `fax-from-16465550123` for a received one.
    static func fileName(received: Bool, from: String, to: String) -> String {
        let other = received ? from : to
        let digits = PhoneNumber.digits(other)
        let name = digits.isEmpty ? String(other.filter { $0.isLetter || $0 == "-" || $0 == "_" }.prefix(32)) : digits
        return (received ? "fax-from-" : "fax-to-") + (name.isEmpty ? "unknown" : name)
    }
}
