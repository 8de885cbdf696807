import CoreMetrics
import FaxCore
import FaxStore
import Foundation
import Prometheus
import Synchronization

/// What `GET /metrics` says, in Prometheus's text format: counted through swift-metrics as things
/// happen, into a registry of this receiver's own (so two receivers in one process, as in tests, do
/// not add up), with gauges read from the journal when scraped.
public final class ReceiverMetrics: Sendable {
    /// What the journal and the process look like at a scrape (``sample``).
    public struct Sample: Sendable {
        public var totals: StoreTotals
        public var fileBytes: Int64
        public var healthy: Bool
        public var ringOverruns: UInt64

        public init(totals: StoreTotals, fileBytes: Int64, healthy: Bool, ringOverruns: UInt64) {
            self.totals = totals
            self.fileBytes = fileBytes
            self.healthy = healthy
            self.ringOverruns = ringOverruns
        }
    }

    private let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let commitSeconds: CoreMetrics.Timer
    private let batchSize: Recorder
    private let pruned: CoreMetrics.Counter
    private let sample = Mutex<(@Sendable () -> Sample)?>(nil)

    public init(startedAt: Date = Date()) {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["faxtop_store_commit_seconds"] = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .seconds(1),
        ]
        factory.valueHistogramBuckets["faxtop_store_batch_size"] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]
        self.factory = factory
        commitSeconds = CoreMetrics.Timer(label: "faxtop_store_commit_seconds", factory: factory)
        batchSize = Recorder(label: "faxtop_store_batch_size", aggregate: true, factory: factory)
        pruned = CoreMetrics.Counter(label: "faxtop_retention_pruned_rows_total", factory: factory)
        Gauge(label: "faxtop_process_start_time_seconds", factory: factory).record(startedAt.timeIntervalSince1970)
    }

    /// A request answered: `outcome` is accepted, duplicate, rejected or unavailable.
    func answered(_ outcome: String, code: Int) {
        CoreMetrics.Counter(label: "faxtop_deliveries_total", dimensions: [("outcome", outcome), ("code", "\(code)")],
                            factory: factory).increment()
    }

    /// A new event stored (not a repeat), by its event type and the class of its status. Unknown event
    /// names count as `other`: a label value from the payload would let any sender add series for ever.
    func stored(_ event: FaxEvent) {
        let outcome = event.status?.outcome.rawValue ?? "none"
        let kind = ["fax_sent", "fax_received"].contains(event.hookEvent) ? event.hookEvent : "other"
        CoreMetrics.Counter(label: "faxtop_events_total", dimensions: [("event", kind), ("status_class", outcome)],
                            factory: factory).increment()
    }

    /// One group commit of the journal: how long it took and how many deliveries it held.
    public func committed(deliveries: Int, duration: Duration) {
        commitSeconds.recordNanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
        batchSize.record(deliveries)
    }

    /// Rows a retention pass removed.
    public func prunedRows(_ count: Int) {
        if count > 0 { pruned.increment(by: count) }
    }

    /// Where the gauges are read from at each scrape (the journal is opened after the metrics exist,
    /// so that its commits can be counted from the first).
    public func readGauges(from sample: @escaping @Sendable () -> Sample) {
        self.sample.withLock { $0 = sample }
    }

    /// The whole registry as Prometheus text, with the journal's gauges read now.
    func render() -> [UInt8] {
        guard let now = sample.withLock({ $0 })?() else { return registry.emitToBuffer() }
        func gauge(_ label: String, _ value: Double, _ dimensions: [(String, String)] = []) {
            Gauge(label: label, dimensions: dimensions, factory: factory).record(value)
        }
        gauge("faxtop_journal_rows", Double(now.totals.events), [("kind", "events")])
        gauge("faxtop_journal_rows", Double(now.totals.deliveries - now.totals.events), [("kind", "repeats")])
        gauge("faxtop_journal_rows", Double(now.totals.rejected), [("kind", "rejections")])
        gauge("faxtop_journal_file_bytes", Double(now.fileBytes))
        gauge("faxtop_store_healthy", now.healthy ? 1 : 0)
        gauge("faxtop_ring_overruns", Double(now.ringOverruns))
        return registry.emitToBuffer()
    }
}
