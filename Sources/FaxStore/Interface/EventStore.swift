import FaxCore

/// The journal of every delivery, behind one interface: everything the receiver, the dashboard, export
/// and the retention and health loops ask of a store. Two backends conform: SQLite (the embedded
/// default; `--memory` is a SQLite store in a temporary folder) and PostgreSQL (several receivers),
/// checked by one conformance suite (`EventStoreConformanceTests`).
///
/// Contract: `append` returns only after the delivery is durable (committed), and every delivery gets
/// the next number of one contiguous sequence. The store hands each committed batch, in sequence
/// order, to the `DeliverySink` it was built with, so the UI hears of deliveries in the same order the
/// store numbered them and can spot a gap.
public protocol EventStore: Sendable {
    // MARK: Writing

    /// Stores a new event, or counts a repeat of one already stored.
    func append(_ event: FaxEvent, receivedAt: Int64, remote: String) async throws(StoreError) -> AppendOutcome
    /// Stores a refused request.
    func append(_ rejection: Rejection) async throws(StoreError) -> Int64

    // MARK: Reading

    /// Deliveries with sequence numbers in `range`, in order (for backfill after a ring overrun).
    func deliveries(in range: ClosedRange<Int64>) throws(StoreError) -> [Delivery]
    /// Calls `body` with every delivery in sequence order, in batches, from `seq` on. With
    /// `rawBodies: false` accepted events come as summaries: an empty `raw` (fetch it with
    /// ``rawBody(seq:)`` when needed) and no `target`, `uid`, `start_time` or `file`, which makes loading
    /// a large history at start-up much cheaper.
    func forEachDelivery(from seq: Int64, batchSize: Int, rawBodies: Bool, _ body: ([Delivery]) throws -> Void) throws
    /// What a follower reads at each look, in one read: the deliveries after `seq` (at most `limit`, as
    /// summaries: no raw bodies) and the journal's last sequence number.
    func newDeliveries(after seq: Int64, limit: Int) throws(StoreError) -> (deliveries: [Delivery], last: Int64)
    /// The raw body of the event or rejection with sequence number `seq`.
    func rawBody(seq: Int64) throws(StoreError) -> [UInt8]?
    /// Totals for `/healthz` and the header.
    func totals() throws(StoreError) -> StoreTotals
    /// The highest sequence number stored (0 when empty).
    func lastSeq() throws(StoreError) -> Int64

    // MARK: History summaries, for loading a large history at start-up

    /// Calls `body` with every stored event with `seq <= last`, in sequence order. `columns` says which
    /// fields are filled; the bytes are valid only during the call. Called from two threads at once.
    func forEachEventSummary(through last: Int64, columns: EventSummaryColumns,
                             _ body: (EventSummaryBytes) throws -> Void) throws
    /// Repeat deliveries with `seq <= last`, in sequence order.
    func duplicates(through last: Int64) throws -> [DuplicateDelivery]
    /// Rejections with `seq <= last`, in sequence order, without their bodies (``rawBody(seq:)`` has
    /// them), method, path or field.
    func rejectionSummaries(through last: Int64) throws -> [Rejection]

    // MARK: Export

    /// Calls `body` with events (repeats folded into their delivery count) and rejections in sequence
    /// order, `batchSize` sequence numbers at a time (constant memory), only those that arrived at or
    /// after `since` (ms) when given.
    func forEachHistoryEntry(since: Int64?, batchSize: Int, _ body: ([HistoryEntry]) throws -> Void) throws

    // MARK: Health, retention, lifetime

    /// Whether writes currently succeed, for the header and `/healthz`.
    var health: StoreHealth { get }
    /// How many bytes the journal takes on disk now, for `/metrics` (0 when unknown).
    var fileBytes: Int64 { get }
    /// Tries a write now and returns the resulting ``health``, so a failure clears from the header and
    /// `/healthz` once the disk has room again, even when no delivery arrives to retry it.
    @discardableResult
    func checkHealth() async -> StoreHealth
    /// Deletes history older than `policy` allows (one pass) and returns how many rows went.
    @discardableResult
    func prune(_ policy: RetentionPolicy, now: Int64) async throws(StoreError) -> Int
    /// Stops writing: waits for appends already queued and releases what the store holds. A clean close
    /// leaves the journal complete on its own (no write-ahead log to carry beside it).
    func close()

    // MARK: Following a journal another process writes

    /// Calls `onChange` (on a thread of the store's) whenever new deliveries may have been committed,
    /// by this process or another, until the watch is cancelled. Followers read what is new then; a
    /// spurious call costs one read.
    func watchChanges(_ onChange: @escaping @Sendable () -> Void) -> any JournalWatch
    /// Records who writes this journal (the receiver, once it listens), for followers to show.
    func announce(_ receiver: ReceiverPresence)
    /// The receiver writing this journal now, as it announced itself; nil when none is running.
    func receiverPresence() -> ReceiverPresence?
}

extension EventStore {
    public func forEachDelivery(from seq: Int64, batchSize: Int, _ body: ([Delivery]) throws -> Void) throws {
        try forEachDelivery(from: seq, batchSize: batchSize, rawBodies: true, body)
    }

    public func forEachHistoryEntry(since: Int64? = nil, _ body: ([HistoryEntry]) throws -> Void) throws {
        try forEachHistoryEntry(since: since, batchSize: 2_000, body)
    }
}

/// Whether the store's writes currently succeed.
public enum StoreHealth: Sendable, Equatable {
    case ok
    /// The last write failed with `error` (writes are retried on the next append).
    case failing(StoreError)

    public var isOK: Bool { self == .ok }
}

/// Receives each committed batch of deliveries, in sequence order.
public typealias DeliverySink = @Sendable ([Delivery]) -> Void

/// What `append` did with an event.
public enum AppendOutcome: Sendable, Equatable {
    /// Stored for the first time. `attempt` is its place in the retry chain as known at arrival.
    case accepted(seq: Int64, attempt: Int)
    /// Already stored: `seq` is the stored event's, `deliveryCount` how often it has now arrived.
    case duplicate(seq: Int64, deliveryCount: Int)
}

public struct StoreTotals: Sendable, Equatable {
    public var events: Int
    public var deliveries: Int
    public var rejected: Int

    public init(events: Int, deliveries: Int, rejected: Int) {
        self.events = events
        self.deliveries = deliveries
        self.rejected = rejected
    }
}

/// Why the store could not do what was asked. The receiver answers 503 for these.
public struct StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case unavailable
        case diskFull
        case readOnly
        case locked
        case corrupt
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
