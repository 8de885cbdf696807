import FaxCore
import Foundation
import Synchronization

/// Polls the Fax.Plus API for the account's faxes and journals what is new: the way to watch
/// without a public URL, and to fill what a receiver that was down missed (backfill).
///
/// Each poll is one ``FaxListSweep`` over `[last poll's start − overlap, now + skew]`. Every page is
/// read in full before any of it is journaled; a failure ends the poll and the next one covers the
/// same window again, so nothing is lost, and ``FaxSightings`` keeps it from being journaled twice.
/// 401 and 403 stop the poller (a token does not fix itself); 429, 5xx, network failures and
/// unreadable answers back off and retry.
public final class FaxPlusPoller: Sendable {
    public struct Settings: Sendable {
        /// Seconds between polls.
        public var interval: Double
        /// How far each poll reaches back before the previous one began, for faxes listed late under
        /// an earlier `start_time` and for clocks that disagree.
        public var overlap: Int64
        public var pageSize: Int
        /// Where the first poll starts (seconds since 1970); its faxes are marked as backfilled.
        /// Nil: the first poll reaches back only `overlap`.
        public var backfillFrom: Int64?
        /// Poll once (the backfill) and end.
        public var once: Bool
        public var backoff: PollBackoff

        public init(interval: Double = FaxPlusPoller.defaultInterval, overlap: Int64 = 600, pageSize: Int = 100,
                    backfillFrom: Int64? = nil, once: Bool = false, backoff: PollBackoff = PollBackoff()) {
            self.interval = interval
            self.overlap = overlap
            self.pageSize = pageSize
            self.backfillFrom = backfillFrom
            self.once = once
            self.backoff = backoff
        }
    }

    /// Once a minute: the outbox and three list requests a poll when idle, 240 an hour, far under any
    /// plausible rate limit, and a fax shows within a minute of being listed.
    public static let defaultInterval: Double = 60
    /// What a polled delivery's `remote` says, so the feed, the detail and export show where it came
    /// from.
    public static let pollRemote = "Fax.Plus API poll"
    public static let backfillRemote = "Fax.Plus API backfill"

    /// Journals one event; throws when the store cannot (the poll is then retried).
    public typealias Journal = @Sendable (FaxEvent, _ remote: String) async throws -> Void

    private struct State: Sendable {
        var status = PollerStatus()
        var sightings = FaxSightings()
        var outbox: [FaxPlusOutboxEntry] = []
        var numbers: [String] = []
    }

    private let client: FaxPlusClient
    private let settings: Settings
    private let journal: Journal
    private let log: @Sendable (String) -> Void
    private let clock: @Sendable () -> Int64
    private let state = Mutex(State())

    public init(client: FaxPlusClient, settings: Settings, journaled: [String] = [],
                clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) },
                log: @escaping @Sendable (String) -> Void, journal: @escaping Journal) {
        self.client = client
        self.settings = settings
        self.journal = journal
        self.log = log
        self.clock = clock
        state.withLock { s in journaled.forEach { s.sightings.remember(journaled: $0) } }
    }

    public var status: PollerStatus { state.withLock { $0.status } }
    /// The faxes in flight as the last poll listed them (empty before the first).
    public var outbox: [FaxPlusOutboxEntry] { state.withLock { $0.outbox } }
    /// The account's own numbers, read once at start.
    public var numbers: [String] { state.withLock { $0.numbers } }

    /// Polls until cancelled, stopped by 401/403, or (with `once`) after one successful poll.
    public func run() async {
        await fetchAccount()
        var backoff = settings.backoff
        var backfilling = settings.backfillFrom != nil
        var from = settings.backfillFrom ?? (clock() - settings.overlap)
        while !Task.isCancelled {
            if case .stopped = status.phase { return }
            let started = clock()
            let remote = backfilling ? Self.backfillRemote : Self.pollRemote
            let wait: Double
            do {
                let count = try await poll(after: from, before: started + settings.overlap, remote: remote)
                if backfilling || count > 0 { log("Fax.Plus API: \(count) new fax\(count == 1 ? "" : "es") journaled (\(backfilling ? "backfill" : "poll"))") }
                from = started - settings.overlap
                // One overlap more than the next window reaches: what the API's clock puts a little earlier.
                state.withLock { $0.sightings.forget(startedBefore: from - settings.overlap) }
                backfilling = false
                backoff.reset()
                if settings.once { return }
                wait = settings.interval
                setPhase(.waiting(lastPoll: started, nextPoll: started + Int64(wait.rounded(.up))))
            } catch let failure {
                if let stop = failure.stopsPolling {
                    log("Fax.Plus API: polling stopped, the receiver goes on: \(stop)")
                    setPhase(.stopped(reason: stop))
                    return
                }
                wait = backoff.next(retryAfter: failure.retryAfter(now: Date()))
                // What happened while the poll failed comes with the next one, marked as backfilled.
                backfilling = true
                log("Fax.Plus API: \(failure.summary); retrying in \(Int(wait.rounded(.up))) s")
                setPhase(.backingOff(until: clock() + Int64(wait.rounded(.up)), reason: failure.summary))
            }
            do { try await Task.sleep(nanoseconds: UInt64(max(0, wait) * 1e9)) } catch { return }
        }
    }

    private func setPhase(_ phase: PollerStatus.Phase) {
        state.withLock { $0.status.phase = phase }
    }

    private func fetchAccount() async {
        do {
            let name = try await client.accountName()
            state.withLock { $0.status.account = name }
            let numbers = try await client.numbers()
            state.withLock { $0.numbers = numbers }
        } catch {
            // The header then says the account is unknown; the poll itself reports the failure.
            log("Fax.Plus API: could not read the account: \(PollFailure.api(error).summary)")
        }
    }

    /// The outbox, then one sweep of every category over the window; returns how many faxes it
    /// journaled.
    func poll(after: Int64, before: Int64, remote: String) async throws(PollFailure) -> Int {
        if !settings.once {
            let outbox: [FaxPlusOutboxEntry]
            do { outbox = try await client.outbox() } catch { throw .api(error) }
            state.withLock { $0.outbox = outbox }
        }
        var sweep = FaxListSweep(after: FaxTimestamp.format(after), before: FaxTimestamp.format(before),
                                 pageSize: settings.pageSize)
        var journaled = 0
        while let query = sweep.nextQuery {
            let page: [FaxPlusFax]
            do { page = try await client.listFaxes(query) } catch { throw .api(error) }
            for fax in sweep.take(page) {
                let event = PolledFaxEvent.hookEvent(for: fax, category: query.category)
                guard let news = state.withLock({ $0.sightings.news(fax, event: event) }) else { continue }
                let journalEvent: FaxEvent
                do {
                    journalEvent = try PolledFaxEvent.event(fax, category: query.category, news: news, source: remote)
                } catch {
                    log("Fax.Plus API: fax \(fax.id) skipped: \(error)")
                    state.withLock { $0.sightings.record(fax) }
                    continue
                }
                do { try await journal(journalEvent, remote) } catch { throw .store("\(error)") }
                state.withLock {
                    $0.sightings.record(fax)
                    $0.status.journaled += 1
                }
                journaled += 1
            }
        }
        return journaled
    }
}

/// Why one poll failed.
enum PollFailure: Error {
    case api(FaxPlusError)
    case store(String)

    /// The one line for the header and the log when the poller must stop (401, 403).
    var stopsPolling: String? {
        guard case .api(let error) = self else { return nil }
        switch error {
        case .unauthorized(let detail):
            return "Fax.Plus refused the token (401 Unauthorized)\(detail.isEmpty ? "" : ": \(detail)"); check FAXPLUS_TOKEN or --api-token-file"
        case .forbidden(let detail):
            return "Fax.Plus denied access (403 Forbidden)\(detail.isEmpty ? "" : ": \(detail)"); the token lacks permission to list faxes"
        default: return nil
        }
    }

    func retryAfter(now: Date) -> Double? {
        guard case .api(.rateLimited(let value, _)) = self else { return nil }
        return PollBackoff.seconds(retryAfter: value, now: now)
    }

    var summary: String {
        switch self {
        case .api(.rateLimited(let retryAfter, _)):
            return "rate limited (429)" + (retryAfter.map { ", Retry-After \($0)" } ?? "")
        case .api(let error): return error.description
        case .store(let message): return "the journal could not be written: \(message)"
        }
    }
}
