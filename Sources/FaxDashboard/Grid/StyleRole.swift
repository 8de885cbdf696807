/// What a cell means, not how it looks: the theme turns roles into colours and attributes.
public enum StyleRole: UInt8, CaseIterable, Sendable {
    case normal
    case dim
    case header
    case headerAccent
    case warning
    case border
    case title
    case titleActive
    case selected
    /// The selection of an overview pane that does not have the focus: visible, but not a highlighted row.
    case selectedInactive
    case columnHeader
    case sent
    case received
    case otherEvent
    case succeeded
    case partial
    case failed
    case noCredit
    case rejected
    case retry
    case duplicate
    /// A field that differs between the two attempts of a diff.
    case changed
    case statusBar
    case key
    case filterBar
    case error
    case jsonKey
    case jsonString
    case jsonNumber
    case jsonLiteral
    case jsonPunctuation
    case sparkline

    /// The name used in theme files (`[styles]` keys).
    public var themeKey: String {
        switch self {
        case .headerAccent: return "header_accent"
        case .titleActive: return "title_active"
        case .columnHeader: return "column_header"
        case .otherEvent: return "other_event"
        case .noCredit: return "no_credit"
        case .selectedInactive: return "selected_inactive"
        case .statusBar: return "status_bar"
        case .filterBar: return "filter_bar"
        case .jsonKey: return "json_key"
        case .jsonString: return "json_string"
        case .jsonNumber: return "json_number"
        case .jsonLiteral: return "json_literal"
        case .jsonPunctuation: return "json_punctuation"
        default: return String(describing: self)
        }
    }
}
