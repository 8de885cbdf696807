import FaxCore

/// What the poller has already journaled, so a fax listed again by the next poll's overlap is not
/// journaled again, and a fax whose status or `last_update` changed is.
///
/// Keyed by fax id, holding the version (`status|last_update`) last journaled. Seeded at start from
/// the journal (``remember(journaled:)``), so a restart does not journal the overlap a second time.
public struct FaxSightings: Sendable {
    public enum News: Sendable, Equatable {
        /// Not journaled before.
        case new
        /// Journaled before with another status or `last_update`.
        case changed
    }

    /// The version last journaled and the fax's `start_time` (seconds; nil when unreadable).
    private var versions: [String: (version: String, start: Int64?)] = [:]
    /// `id|event|status` of events already in the journal when polling started.
    private var journaled: Set<String> = []

    public init() {}

    public var count: Int { versions.count }

    public mutating func remember(journaled key: String) {
        journaled.insert(key)
    }

    public static func journalKey(id: String, event: String, status: String?) -> String {
        "\(id)|\(event)|\(status ?? "")"
    }

    /// Whether `fax` is news, and nil when it is not.
    public func news(_ fax: FaxPlusFax, event: String) -> News? {
        if let seen = versions[fax.id] {
            return seen.version == fax.version ? nil : .changed
        }
        return journaled.contains(Self.journalKey(id: fax.id, event: event, status: fax.status)) ? nil : .new
    }

    /// Records that `fax` is now in the journal as it is listed.
    public mutating func record(_ fax: FaxPlusFax) {
        versions[fax.id] = (fax.version, fax.startTime.flatMap(FaxTimestamp.parse))
    }

    /// Forgets faxes that started before `time` (seconds since 1970): no later poll's window reaches
    /// them, so a long run holds only the faxes of the overlap, not every fax it ever saw.
    public mutating func forget(startedBefore time: Int64) {
        versions = versions.filter { _, seen in seen.start.map { $0 >= time } ?? true }
    }
}
