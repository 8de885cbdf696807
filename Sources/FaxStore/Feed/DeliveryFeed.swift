import FaxCore

/// How committed deliveries reach whoever shows them (the dashboard, headless output): the store's
/// sink pushes each batch into a ring and wakes the reader through a pipe; the reader takes them in
/// sequence order and fills any gap from the store (``DeliveryIntake``).
///
/// The ring never makes the store wait: a full ring overwrites its oldest delivery (the store has it).
/// The reader is woken only when the ring goes from empty to non-empty: it drains until empty, so a
/// wake-up per delivery would only cost a system call and a thread switch each.
public final class DeliveryFeed: Sendable {
    public let ring: EventRing<Delivery>
    public let wake = WakePipe()

    public init(capacity: Int) {
        ring = EventRing<Delivery>(capacity: capacity)
    }

    /// What the store calls with each committed batch.
    public var sink: DeliverySink {
        { [ring, wake] batch in
            if ring.pushAll(batch) { wake.signal() }
        }
    }

    /// The one reader of this feed, backfilling from `store`.
    public func reader(backfillingFrom store: any EventStore) -> DeliveryIntake {
        DeliveryIntake(ring: ring, store: store)
    }
}
