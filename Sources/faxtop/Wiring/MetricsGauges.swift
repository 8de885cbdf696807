import FaxCore
import FaxReceiver
import FaxStore
import Foundation

/// Where `/metrics` reads its gauges at a scrape: the journal's counts, health and file size, and the
/// feed's ring overruns.
struct MetricsGauges: Sendable {
    let store: any EventStore
    let ring: EventRing<Delivery>

    var sample: @Sendable () -> ReceiverMetrics.Sample {
        { [store, ring] in
            let totals = (try? store.totals()) ?? StoreTotals(events: 0, deliveries: 0, rejected: 0)
            return ReceiverMetrics.Sample(totals: totals, fileBytes: store.fileBytes, healthy: store.health.isOK,
                                          ringOverruns: ring.overruns)
        }
    }
}
