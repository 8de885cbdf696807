import FaxCore

/// What the header says about the poller: whose account, and what it is doing.
public struct PollerStatus: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        case starting
        /// Waiting for the next poll; times in seconds since 1970.
        case waiting(lastPoll: Int64, nextPoll: Int64)
        /// A failure; the next try at `until`.
        case backingOff(until: Int64, reason: String)
        /// 401 or 403: the poller has stopped (the receiver goes on).
        case stopped(reason: String)
    }

    public var account: String?
    public var phase: Phase = .starting
    /// Faxes journaled by the poller since start.
    public var journaled = 0

    public init(account: String? = nil, phase: Phase = .starting) {
        self.account = account
        self.phase = phase
    }

    public var isWarning: Bool {
        switch phase {
        case .backingOff, .stopped: return true
        case .starting, .waiting: return false
        }
    }

    /// One line for the header, e.g. `API Ann Lee · polled 12:00:01 · next 12:01:01`.
    public var line: String {
        var text = "API " + (account ?? "(account unknown)")
        switch phase {
        case .starting: text += " · first poll…"
        case let .waiting(last, next): text += " · polled \(Self.clock(last)) · next \(Self.clock(next))"
        case let .backingOff(until, reason): text += " · backing off until \(Self.clock(until)): \(reason)"
        case .stopped(let reason): text += " · POLLING STOPPED: \(reason)"
        }
        return text
    }

    static func clock(_ seconds: Int64) -> String {
        String(FaxTimestamp.format(seconds).suffix(8))
    }
}
