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

    private var versions: [String: String] = [:]
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
        if let version = versions[fax.id] {
            return version == fax.version ? nil : .changed
        }
        return journaled.contains(Self.journalKey(id: fax.id, event: event, status: fax.status)) ? nil : .new
    }

    /// Records that `fax` is now in the journal as it is listed.
    public mutating func record(_ fax: FaxPlusFax) {
        versions[fax.id] = fax.version
    }
}
