import FaxCore

/// Facts the header shows that come from outside the model (receiver and store state).
public struct ReceiverInfo: Sendable, Equatable {
    /// Listening URL with the token masked.
    public var url: String
    /// e.g. "allow 4 CIDRs", or a warning when the allowlist is off.
    public var access: String
    public var accessIsWarning: Bool
    /// e.g. "store ok events.sqlite" or the failure.
    public var store: String
    public var storeIsFailing: Bool
    public var ringOverruns: UInt64
    /// Deliveries held back because the store could not be read to fill a gap (with why), shown until
    /// a retry succeeds; nil when nothing is missing.
    public var missing: String?
    /// The Fax.Plus API poller: the account and the last and next poll, backing off, or why it
    /// stopped; nil without `--poll`.
    public var api: String?
    public var apiIsWarning = false
    /// The API's outbox at the last poll; empty without `--poll`.
    public var inFlight: [InFlightFax] = []
    /// The account's own numbers, listed in Numbers before any traffic; empty without `--poll`.
    public var accountNumbers: [String] = []

    public init(url: String, access: String = "", accessIsWarning: Bool = false, store: String = "",
                storeIsFailing: Bool = false, ringOverruns: UInt64 = 0) {
        self.url = url
        self.access = access
        self.accessIsWarning = accessIsWarning
        self.store = store
        self.storeIsFailing = storeIsFailing
        self.ringOverruns = ringOverruns
        missing = nil
    }
}
