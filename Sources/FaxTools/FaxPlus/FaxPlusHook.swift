/// A webhook registration on a Fax.Plus account (the API's `Webhook` model).
public struct FaxPlusHook: Sendable, Equatable, Codable {
    public var id: String
    public var target: String
    public var event: String

    public init(id: String, target: String, event: String) {
        self.id = id
        self.target = target
        self.event = event
    }
}

/// The events a Fax.Plus hook can be registered for.
public enum FaxPlusEvent {
    /// faxtop understands these two; `fax_page_received` exists too and is passed through if asked for.
    public static let known = ["fax_sent", "fax_received"]
}
