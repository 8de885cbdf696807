/// A fax the account submitted that Fax.Plus has not finished sending, as the API's outbox lists it.
public struct InFlightFax: Sendable, Equatable {
    public var id: String
    public var to: String
    public var pages: Int?
    /// `submitted`, `converting`, `scheduled_for_sending` or `sending`.
    public var status: String
    /// Since when it has had that status, seconds since 1970; nil when the API did not say.
    public var since: Int64?

    public init(id: String, to: String, pages: Int?, status: String, since: Int64?) {
        self.id = id
        self.to = to
        self.pages = pages
        self.status = status
        self.since = since
    }
}
