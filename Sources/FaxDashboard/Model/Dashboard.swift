import FaxCore

/// The dashboard as a whole: model + view state + how input changes them + how they look.
/// Pure apart from the `rawBody` closure (which reads the store for the detail pane), so every
/// screen and key can be tested on an in-memory terminal.
public struct Dashboard {
    public private(set) var model = DashboardModel()
    public var state = ViewState()
    public var info: ReceiverInfo
    public let glyphs: Glyphs
    public internal(set) var themes: [Theme] {
        didSet { updateTheme() }
    }
    public internal(set) var themeIndex = 0 {
        didSet { updateTheme() }
    }
    public let noColor: Bool
    /// Fetches the stored body of a delivery for the detail pane.
    let rawBody: (Int64) -> [UInt8]?
    /// Whether `y` and `Y` may copy through OSC 52 (off with `--no-osc52` or `osc52 = false`).
    public var clipboardEnabled = true
    /// Text `y` or `Y` copied, for the loop to send to the terminal (``takeClipboard()``).
    var pendingClipboard: [UInt8]?
    /// An `:export` for the loop to run (``takeExport()``).
    var pendingExport: ExportRequest?
    /// The wall clock of the last frame: what `:goto -2h` and `:goto 14:30` count from.
    var lastNow: Int64 = 0

    var numbersCache: (filtered: Bool, version: Int, sort: NumberStats.Sort, rows: [NumberStats.Row])?
    /// The chains pane's order, as positions in the model's chains (never a copy of the chains: holding
    /// one would also make the model's next append copy all of them).
    var chainsCache: (version: Int, at: Int64, order: [Int32])?
    /// The chains pane's order without the chains the filter hides, for the order and filter it was made from.
    var shownChainsCache: (sort: Int, version: Int, order: [Int32])?
    /// Counts the chains pane's sorts: which sort a filtered order was made from.
    var chainSorts = 0
    /// Chains that gained an attempt since the order was made, merged into it at the next frame; nil when
    /// so many changed that a sort is cheaper (or the list would only grow while the order is not drawn).
    var changedChains: [Int32]? = []
    /// Numbers and chains of the filtered feed (used only while a filter is in effect).
    var filtered = FilteredAggregates()
    /// Bumped when the model is replaced, so what was derived from the old one is derived again.
    var modelGeneration = 0
    var chainsSortMilliseconds: Int64 = 0
    var detailCache: (seq: Int64, count: Int32, lines: [[DetailView.Segment]])?
    var numberDetailCache: (key: String, version: Int, lines: [[DetailView.Segment]])?
    /// How long a frame may spend counting the filtered feed: the frame stays within its 10 ms (tests
    /// set 0: one slice a frame).
    var countingBudgetNanoseconds: UInt64 = 7_000_000
    /// Where everything went in the last frame: what clicks and page keys go by.
    var lastLayout = Layout(size: TerminalSize(rows: 0, cols: 0), detailOpen: false)

    public init(info: ReceiverInfo, themes: [Theme] = [.builtinDefault], ascii: Bool = false, noColor: Bool = false,
                rawBody: @escaping (Int64) -> [UInt8]? = { _ in nil }) {
        self.info = info
        self.glyphs = ascii ? .ascii : .unicode
        self.themes = themes.isEmpty ? [.builtinDefault] : themes
        self.noColor = noColor
        self.rawBody = rawBody
        updateTheme()
    }

    mutating func updateTheme() {
        theme = noColor ? themes[themeIndex].withoutColor() : themes[themeIndex]
    }

    /// The theme in use (colours stripped with `--no-color`/`NO_COLOR`), computed when the theme changes.
    public private(set) var theme: Theme = .builtinDefault

    // MARK: - Data

    /// Applies deliveries in sequence order and keeps the selection where the user expects it.
    public mutating func apply(_ deliveries: [Delivery]) {
        guard !deliveries.isEmpty else { return }
        let before = model.feed.visible.count
        model.apply(deliveries)
        noteChangedChains(deliveries)
        let added = model.feed.visible.count - before
        if state.follow {
            state.feedSelection = max(0, model.feed.visible.count - 1)
        } else if added > 0 {
            state.newSinceScroll += added
        }
    }

    /// Swaps in the model built from the whole history. Deliveries the screen's model received after
    /// the history's end are read again (`catchUp`) so nothing is lost in the swap; the filter and the
    /// selected delivery carry over.
    public mutating func replaceModel(with full: DashboardModel, catchUp: (ClosedRange<Int64>) -> [Delivery]) {
        var replacement = full
        if model.appliedSeq > replacement.appliedSeq {
            replacement.apply(catchUp((replacement.appliedSeq + 1)...model.appliedSeq))
        }
        let selectedSeq = selectedRecord?.seq
        let filter = model.feed.filter
        model = replacement
        if !filter.isEmpty { model.setFilter(filter) }
        numbersCache = nil
        chainsCache = nil
        changedChains = []
        modelGeneration += 1
        reselect(seq: selectedSeq)
    }

    /// Applies a filter query; a bad term keeps the last good filter and shows the error.
    public mutating func setFilter(_ query: String) {
        do {
            let filter = try FilterParser.parse(query)
            let selectedSeq = selectedRecord?.seq
            model.setFilter(filter)
            state.filterError = nil
            reselect(seq: selectedSeq)
        } catch {
            state.filterError = error.description
        }
    }

    private mutating func reselect(seq: Int64?) {
        let visible = model.feed.visible
        guard !visible.isEmpty else { state.feedSelection = 0; return }
        if state.follow || seq == nil { state.feedSelection = visible.count - 1; return }
        let target = model.feed.index(ofSeq: seq!) ?? 0
        state.feedSelection = min(model.feed.visiblePosition(atOrAfter: target), visible.count - 1)
    }

    /// The feed record under the selection (feed pane).
    public var selectedRecord: FeedRecord? {
        let visible = model.feed.visible
        guard !visible.isEmpty else { return nil }
        return model.feed.visibleRecord(min(state.feedSelection, visible.count - 1))
    }
}
