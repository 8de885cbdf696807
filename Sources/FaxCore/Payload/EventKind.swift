/// What a webhook reports, from `hook.event`.
public enum EventKind: Hashable, Sendable {
    case sent
    case received
    /// An event faxtop does not know yet (e.g. `fax_page_received`): stored and shown, never rejected.
    case other(String)

    public init(hookEvent: String) {
        switch hookEvent {
        case "fax_sent": self = .sent
        case "fax_received": self = .received
        default: self = .other(hookEvent)
        }
    }

    /// The `hook.event` name as Fax.Plus spells it.
    public var hookEvent: String {
        switch self {
        case .sent: return "fax_sent"
        case .received: return "fax_received"
        case .other(let name): return name
        }
    }

    /// The short word used in the feed and in filters (`sent`, `received`, or the raw name).
    public var shortName: String {
        switch self {
        case .sent: return "sent"
        case .received: return "received"
        case .other(let name): return name
        }
    }
}
