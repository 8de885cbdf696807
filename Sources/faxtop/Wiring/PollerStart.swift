import FaxCore
import FaxStore
import FaxTools
import Foundation
import Logging

/// Starts the Fax.Plus API poller of a `watch --poll`, `serve --poll` or `serve --backfill` run,
/// journaling into the run's store.
enum PollerStart {
    /// With an empty journal, a backfill reaches back this far (seconds).
    static let emptyJournalReach: Int64 = 86_400

    static func start(_ options: PollOptions, client: FaxPlusClient, store: any EventStore,
                      logger: Logger) -> (poller: FaxPlusPoller, task: Task<Void, Never>) {
        let overlap = FaxPlusPoller.Settings().overlap
        let now = Int64(Date().timeIntervalSince1970)
        let recent = JournalRecentEvents.read(store, reachingBack: overlap, now: now)
        let backfillFrom = (recent.newest.map { $0 / 1000 } ?? (now - emptyJournalReach)) - overlap
        let settings = FaxPlusPoller.Settings(interval: options.pollEvery, overlap: overlap,
                                              backfillFrom: backfillFrom, once: !options.poll)
        let poller = FaxPlusPoller(client: client, settings: settings, journaled: recent.keys,
                                   log: { logger.info("\($0)") }) { event, remote in
            // A fax already journaled under the same key (its first webhook) comes back as a repeat:
            // another delivery of the same fax, as the store counts any repeat.
            _ = try await store.append(event, receivedAt: StoreMaintenance.nowMilliseconds(), remote: remote)
        }
        logger.info("Fax.Plus API: \(options.poll ? "polling every \(options.pollEvery) s" : "backfilling once") from \(FaxTimestamp.format(backfillFrom)) UTC")
        return (poller, Task { await poller.run() })
    }
}

/// What the journal already holds near its end: the newest delivery's time, and the events since
/// then less the overlap, as ``FaxSightings`` keys, so a restart does not journal them again.
enum JournalRecentEvents {
    static func read(_ store: any EventStore, reachingBack overlap: Int64, now: Int64,
                     chunk: Int64 = 1_000, limit: Int = 100_000) -> (newest: Int64?, keys: [String]) {
        guard let last = try? store.lastSeq(), last > 0 else { return (nil, []) }
        var newest: Int64?
        var keys: [String] = []
        var upper = last
        var read = 0
        while upper >= 1, read < limit {
            let lower = max(1, upper - chunk + 1)
            guard let deliveries = try? store.deliveries(in: lower...upper) else { break }
            read += deliveries.count
            var reachedOld = false
            for delivery in deliveries.reversed() {
                if newest == nil { newest = delivery.receivedAt }
                if let newest, delivery.receivedAt < newest - overlap * 1000 { reachedOld = true }
                if case .accepted(let accepted) = delivery {
                    keys.append(FaxSightings.journalKey(id: accepted.event.dataID, event: accepted.event.hookEvent,
                                                        status: accepted.event.status?.raw))
                }
            }
            if reachedOld { break }
            upper = lower - 1
        }
        return (newest, keys)
    }
}
