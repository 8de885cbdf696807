import FaxCore
import Foundation

/// An endless, repeatable stream of webhook requests that looks like a busy Fax.Plus account: sent and
/// received faxes, about a third failing, retry chains that end in success or give up, duplicate
/// deliveries, and now and then a request the receiver must refuse, so every part of the dashboard
/// has something to show.
///
/// The generator is pure: the same seed and configuration give the same requests, byte for byte.
/// Event times are `start` plus the planned delays, so a retry is always later than its first attempt.
public struct TrafficGenerator: Sequence, IteratorProtocol, Sendable {
    public struct Configuration: Sendable, Equatable {
        /// Average requests per second outside bursts.
        public var rate: Double
        /// How many requests go out within the first second, so the screen fills at once.
        public var initialBurst: Int
        /// The receiver's token, if it has one: requests carry it as `?token=`, and some carry a wrong one.
        public var token: String?
        /// The simulated time of the first request (seconds since 1970, UTC).
        public var start: Int64
        /// `hook.target` in the payloads.
        public var target: String

        public init(rate: Double = 2, initialBurst: Int = 15, token: String? = nil, start: Int64,
                    target: String = PayloadBuilder.defaultTarget) {
            self.rate = rate
            self.initialBurst = initialBurst
            self.token = token
            self.start = start
            self.target = target
        }
    }

    /// A request waiting for its time: a retry of an earlier session or a repeated delivery.
    private struct Pending: Sendable {
        enum Work: Sendable {
            case retry(RetryChain)
            case duplicate([UInt8])
        }

        var dueMs: Int64
        var order: Int
        var work: Work
    }

    /// A failed sent fax that Fax.Plus will try again.
    private struct RetryChain: Sendable {
        var first: FaxPayload
        var lastEventTime: Int64
        /// The attempt number the next retry will be (the first attempt is 1).
        var attempt: Int
        /// The attempt that succeeds, or nil if the chain gives up after `maxAttempts`.
        var succeedsAt: Int?
        var maxAttempts: Int
    }

    public let configuration: Configuration
    private var rng: SplitMix64
    private var builder: PayloadBuilder
    private var clockMs: Int64 = 0
    private var emitted = 0
    private var burstRemaining = 0
    private var pending: [Pending] = []
    private var pendingOrder = 0
    private var firstFaxBody: [UInt8]?

    public init(seed: UInt64, configuration: Configuration) {
        self.configuration = configuration
        self.rng = SplitMix64(seed: seed)
        self.builder = PayloadBuilder(seed: seed ^ 0x5EED_FA11_C0DE_D00D, target: configuration.target)
    }

    /// The next request; never nil (the stream is endless).
    public mutating func next() -> PlannedRequest? {
        let delay = nextDelay()
        clockMs += Int64(delay)
        emitted += 1
        var request = openingShow() ?? duePending() ?? fresh()
        request.delayBeforeMs = delay
        if let token = configuration.token, request.kind != .wrongToken {
            request.query = "token=" + Self.queryEncoded(token)
        }
        return request
    }

    private var now: Int64 { configuration.start + clockMs / 1000 }

    /// Within the opening burst, one refused request and one repeated delivery, so a new user sees
    /// every kind of row in the first seconds rather than after a minute.
    private mutating func openingShow() -> PlannedRequest? {
        guard emitted < configuration.initialBurst else { return nil }
        switch emitted {
        case 10: return invalid()
        case 13: return firstFaxBody.map { PlannedRequest(kind: .duplicate, body: $0) }
        default: return nil
        }
    }

    // MARK: - Timing

    private mutating func nextDelay() -> Int {
        if emitted == 0 { return 0 }
        if emitted < configuration.initialBurst { return rng.int(in: 20...60) }
        if burstRemaining > 0 {
            burstRemaining -= 1
            return rng.int(in: 40...160)
        }
        if rng.chance(0.04) { burstRemaining = rng.int(in: 4...10) }
        let mean = 1000 / Swift.max(configuration.rate, 0.01)
        return Swift.max(20, Int(mean * (0.25 + 1.5 * rng.unit())))
    }

    // MARK: - Scheduled work

    /// Schedules `work` after `gaps` average intervals (so at the default 2/s a retry comes 3–12 s
    /// later, and the stream has the same shape at any rate).
    private mutating func schedule(_ work: Pending.Work, afterGaps gaps: ClosedRange<Double>) {
        let mean = 1000 / Swift.max(configuration.rate, 0.01)
        let range = Int(mean * gaps.lowerBound)...Swift.max(Int(mean * gaps.lowerBound), Int(mean * gaps.upperBound))
        pending.append(Pending(dueMs: clockMs + Int64(rng.int(in: range)), order: pendingOrder, work: work))
        pendingOrder += 1
    }

    private mutating func duePending() -> PlannedRequest? {
        var best: Int?
        for (i, item) in pending.enumerated() where item.dueMs <= clockMs {
            if let b = best, (pending[b].dueMs, pending[b].order) <= (item.dueMs, item.order) { continue }
            best = i
        }
        guard let index = best else { return nil }
        let item = pending.remove(at: index)
        switch item.work {
        case .duplicate(let body):
            return PlannedRequest(kind: .duplicate, body: body)
        case .retry(let chain):
            return retry(chain)
        }
    }

    private mutating func retry(_ chain: RetryChain) -> PlannedRequest {
        var next = chain
        let eventTime = Swift.max(now, chain.lastEventTime + 1)
        let succeeds = chain.succeedsAt == chain.attempt
        var payload = chain.first
        payload.hookID = builder.objectID(at: eventTime)
        payload.eventTime = eventTime
        payload.startTime = eventTime - Int64(payload.pages * 25 + rng.int(in: 8...45))
        payload.status = succeeds ? "success" : rng.weighted(StatusMix.retryable)
        if !succeeds && chain.attempt < chain.maxAttempts {
            next.attempt += 1
            next.lastEventTime = eventTime
            schedule(.retry(next), afterGaps: 6...24)
        }
        maybeDuplicate(payload.body)
        return PlannedRequest(kind: .retry, body: payload.body)
    }

    private mutating func maybeDuplicate(_ body: [UInt8]) {
        if rng.chance(0.04) { schedule(.duplicate(body), afterGaps: 0.4...5) }
    }

    // MARK: - New requests

    private mutating func fresh() -> PlannedRequest {
        let wrongTokenWeight = configuration.token == nil ? 0 : 0.015
        let kind = rng.weighted([
            (PlannedRequest.Kind.fax, 0.875), (.otherEvent, 0.01), (.malformed, 0.025), (.invalid, 0.025),
            (.wrongMethod, 0.015), (.oversize, 0.005), (.wrongToken, wrongTokenWeight),
        ])
        switch kind {
        case .otherEvent:
            var payload = newFax()
            payload.event = "fax_page_received"
            return PlannedRequest(kind: .otherEvent, body: payload.body)
        case .malformed: return malformed()
        case .invalid: return invalid()
        case .wrongMethod:
            return PlannedRequest(kind: .wrongMethod, method: rng.pick(["GET", "GET", "PUT"]), body: [])
        case .oversize:
            var json = newFax().json
            json.removeLast()
            json += ",\"note\":\"" + String(repeating: "x", count: 70_000) + "\"}"
            return PlannedRequest(kind: .oversize, body: Array(json.utf8))
        case .wrongToken:
            let wrong = "wrong-" + rng.hex(8)
            let inPath = rng.chance(0.3)
            return PlannedRequest(kind: .wrongToken, pathSuffix: inPath ? "/" + wrong : "",
                                  query: inPath ? "" : "token=" + wrong, body: newFax().body)
        default:
            let payload = newFax()
            if payload.event == "fax_sent", StatusMix.isRetryable(payload.status), rng.chance(0.75) {
                let giveUpAfter = rng.int(in: 3...4)
                let succeedsAt: Int? = rng.chance(0.6) ? rng.int(in: 2...giveUpAfter) : nil
                let chain = RetryChain(first: payload, lastEventTime: payload.eventTime, attempt: 2,
                                       succeedsAt: succeedsAt, maxAttempts: giveUpAfter)
                schedule(.retry(chain), afterGaps: 6...24)
            }
            maybeDuplicate(payload.body)
            if firstFaxBody == nil { firstFaxBody = payload.body }
            return PlannedRequest(kind: .fax, body: payload.body)
        }
    }

    /// A first attempt: a sent or a received fax between the account and the pool.
    private mutating func newFax() -> FaxPayload {
        let sent = rng.chance(0.55)
        let own = rng.pick(NumberPool.own)
        let remote = rng.pick(NumberPool.remote)
        let spec: PayloadSpec
        if sent {
            let from = rng.chance(0.12) ? rng.pick(NumberPool.freeAccounts) : own
            spec = PayloadSpec(event: "fax_sent", status: rng.weighted(StatusMix.sent), from: from, to: remote,
                               pages: rng.weighted(StatusMix.pages))
        } else {
            spec = PayloadSpec(event: "fax_received", status: rng.weighted(StatusMix.received), from: remote, to: own,
                               pages: rng.weighted(StatusMix.pages))
        }
        return builder.make(spec, eventTime: now)
    }

    /// Bodies a broken relay or a misconfigured client might send: 400.
    private mutating func malformed() -> PlannedRequest {
        let body: [UInt8]
        switch rng.int(in: 0...4) {
        case 0:
            let full = newFax().body
            body = Array(full.prefix(full.count * rng.int(in: 35...85) / 100))
        case 1:
            body = Array("hook[event]=fax_sent&hook[id]=\(rng.hex(24))&data[status]=success".utf8)
        case 2:
            body = Array("<html><body><h1>502 Bad Gateway</h1></body></html>".utf8)
        case 3:
            body = []
        default:
            var bytes = newFax().body
            if let quote = bytes.firstIndex(of: UInt8(ascii: ":")) { bytes.insert(contentsOf: [0xC3, 0x28], at: quote + 2) }
            body = bytes
        }
        return PlannedRequest(kind: .malformed, body: body)
    }

    /// Well-formed JSON that breaks the documented schema: 422.
    private mutating func invalid() -> PlannedRequest {
        let payload = newFax()
        var json = payload.json
        switch rng.int(in: 0...4) {
        case 0:
            json = json.replacingOccurrences(of: "\"pages\":\(payload.pages)", with: "\"pages\":\"\(payload.pages)\"")
        case 1:
            json = json.replacingOccurrences(of: "\"data\":{\"id\":\(JSONText.quote(payload.dataID)),", with: "\"data\":{")
        case 2:
            json = json.replacingOccurrences(of: ",\"status\":\(JSONText.quote(payload.status))", with: "")
        case 3:
            let stamp = FaxTimestamp.format(payload.eventTime)
            let us = String(stamp.dropFirst(5).prefix(2)) + "/" + String(stamp.dropFirst(8).prefix(2)) + "/" + String(stamp.prefix(4))
            json = json.replacingOccurrences(of: "\"event_time\":\"\(stamp)\"", with: "\"event_time\":\"\(us)\"")
        default:
            json = "[" + json + "]"
        }
        return PlannedRequest(kind: .invalid, body: Array(json.utf8))
    }

    static func queryEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
