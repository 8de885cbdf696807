import FaxCore

/// What the user is looking at: pane, selection, scroll, modes. Pure data; ``Dashboard`` changes it.
public struct ViewState: Sendable, Equatable {
    public enum Pane: Int, CaseIterable, Sendable {
        case feed, numbers, chains

        public var title: String {
            switch self {
            case .feed: return "Feed"
            case .numbers: return "Numbers"
            case .chains: return "Chains"
            }
        }
    }

    /// The focused pane: the one shown in the single-pane layout, the one keys act on in the overview.
    public var pane: Pane = .feed
    /// The overview (all three panes at once) when the terminal is large enough; `v` toggles it.
    public var overviewPreferred = true
    /// Position in the feed's filtered view.
    public var feedSelection = 0
    public var feedTop = 0
    public var numbersSelection = 0
    public var numbersTop = 0
    public var chainsSelection = 0
    public var chainsTop = 0
    /// Follow mode: the feed keeps the newest delivery selected and in view.
    public var follow = true
    /// Deliveries that arrived (and match the filter) since the user scrolled away from the newest.
    public var newSinceScroll = 0
    public var detailOpen = false
    public var detailScroll = 0
    public var helpOpen = false
    /// The two attempts of a fax `d` compares, while the diff is open.
    public var diff: AttemptDiff?
    /// The filter prompt's text while it is open (nil when closed).
    public var filterPrompt: String?
    /// The query in effect when the prompt was opened, restored by Esc.
    public var filterBeforePrompt = ""
    /// The `:` command line's text while it is open (nil when closed).
    public var commandPrompt: String?
    /// Error of the last filter text that did not parse (the last good filter stays in effect).
    public var filterError: String?
    public var numbersSort: NumberStats.Sort = .lastSeen
    /// A one-line notice in the status bar (e.g. "no other attempt visible").
    public var notice: String?
    /// History is still loading: the model holds only the newest deliveries, so totals are partial.
    public var loadingHistory = false

    public init() {}

    /// Two attempts of one fax session by sequence number, the older first, and how far the diff is scrolled.
    public struct AttemptDiff: Sendable, Equatable {
        public var older: Int64
        public var newer: Int64
        public var scroll = 0

        public init(older: Int64, newer: Int64, scroll: Int = 0) {
            self.older = older
            self.newer = newer
            self.scroll = scroll
        }
    }
}
