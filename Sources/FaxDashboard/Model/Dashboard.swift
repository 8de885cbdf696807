import Dispatch
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

    private var numbersCache: (filtered: Bool, version: Int, sort: NumberStats.Sort, rows: [NumberStats.Row])?
    /// The chains pane's order, as positions in the model's chains (never a copy of the chains: holding
    /// one would also make the model's next append copy all of them).
    private var chainsCache: (version: Int, at: Int64, order: [Int32])?
    /// The chains pane's order without the chains the filter hides, for the order and filter it was made from.
    private var shownChainsCache: (sort: Int, version: Int, order: [Int32])?
    /// Counts the chains pane's sorts: which sort a filtered order was made from.
    private var chainSorts = 0
    /// Chains that gained an attempt since the order was made, merged into it at the next frame; nil when
    /// so many changed that a sort is cheaper (or the list would only grow while the order is not drawn).
    private var changedChains: [Int32]? = []
    /// Numbers and chains of the filtered feed (used only while a filter is in effect).
    private var filtered = FilteredAggregates()
    /// Bumped when the model is replaced, so what was derived from the old one is derived again.
    private var modelGeneration = 0
    private var chainsSortMilliseconds: Int64 = 0
    private var detailCache: (seq: Int64, count: Int32, lines: [[DetailView.Segment]])?
    private var numberDetailCache: (key: String, version: Int, lines: [[DetailView.Segment]])?
    private(set) var lastLayout = Layout(size: TerminalSize(rows: 0, cols: 0), detailOpen: false)

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

    /// Whether a filter is in effect: the Numbers and Chains panes then show what the filtered feed holds.
    var isFiltered: Bool { !model.feed.filter.isEmpty }

    private mutating func updateFiltered() {
        if isFiltered { filtered.follow(model, generation: modelGeneration) }
    }

    /// Under a filter, Numbers and Chains are still being counted from the filtered feed: each frame
    /// counts for at most ``countingBudgetNanoseconds``, and the loop draws the next frame at once.
    public var isCounting: Bool { isFiltered && !filtered.isComplete }

    /// How long a frame may spend counting the filtered feed: the frame stays within its 10 ms (tests
    /// set 0: one slice a frame).
    var countingBudgetNanoseconds: UInt64 = 7_000_000

    /// The count in a pane's label: "…" after it while it is still being counted.
    private func countLabel(_ count: Int) -> String { isCounting ? "\(count)…" : "\(count)" }

    /// The Numbers pane's rows, sorted; under a filter, the numbers of the deliveries it shows.
    mutating func numberRows() -> [NumberStats.Row] {
        updateFiltered()
        let version = isFiltered ? filtered.version : model.numbersVersion
        if let cache = numbersCache, cache.filtered == isFiltered, cache.version == version, cache.sort == state.numbersSort {
            return cache.rows
        }
        let rows = (isFiltered ? filtered.numbers : model.numbers).sorted(by: state.numbersSort)
        numbersCache = (isFiltered, version, state.numbersSort, rows)
        return rows
    }

    /// How many rows the Numbers pane has.
    mutating func numberCount() -> Int {
        updateFiltered()
        return isFiltered ? filtered.numbers.count : model.numbers.count
    }

    /// How many rows the Chains pane has.
    mutating func chainCount() -> Int {
        updateFiltered()
        return isFiltered ? filtered.shownChains : model.chains.chains.count
    }

    /// Chains in display order. While deliveries stream in, the chains they changed are merged into the
    /// order (a copy of the order, not a sort: about a millisecond at a million sessions). When too many
    /// changed for that, the order is sorted again, at most once a second and never more often than 20
    /// times the last sort took, so that with a million sessions sorting costs at most about 5% of the UI
    /// thread; a sort that took under a millisecond is redone whenever the chains change.
    mutating func orderedChains(now: Int64) -> OrderedChains {
        let order = sortedChainPositions(now: now)
        guard isFiltered else { return OrderedChains(order: order.positions, chains: model.chains.chains) }
        updateFiltered()
        if let cache = shownChainsCache, cache.sort == order.sort, cache.version == filtered.version {
            return OrderedChains(order: cache.order, chains: model.chains.chains)
        }
        let shown = filtered.shown(order.positions)
        shownChainsCache = (order.sort, filtered.version, shown)
        return OrderedChains(order: shown, chains: model.chains.chains)
    }

    private mutating func sortedChainPositions(now: Int64) -> (positions: [Int32], sort: Int) {
        if let cache = chainsCache, cache.version == model.chainsVersion { return (cache.order, chainSorts) }
        if let cache = chainsCache, let changed = changedChains {
            let order = model.chains.orderedPositions(updating: cache.order, changed: changed)
            changedChains = []
            chainsCache = (model.chainsVersion, now, order)
            chainSorts += 1
            return (order, chainSorts)
        }
        let interval = chainsSortMilliseconds == 0 ? 0 : max(1000, 20 * chainsSortMilliseconds)
        if let cache = chainsCache, now - cache.at < interval { return (cache.order, chainSorts) }
        let started = DispatchTime.now().uptimeNanoseconds
        let order = model.chains.orderedPositions()
        chainsSortMilliseconds = Int64((DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
        chainsCache = (model.chainsVersion, now, order)
        changedChains = []
        chainSorts += 1
        return (order, chainSorts)
    }

    /// Remembers which chains the deliveries changed, for merging them into the chains pane's order.
    private mutating func noteChangedChains(_ deliveries: [Delivery]) {
        guard changedChains != nil, chainsCache != nil else { return }
        for delivery in deliveries {
            guard case .accepted(let accepted) = delivery,
                  let position = model.chains.position(ofDataID: accepted.event.dataID) else { continue }
            changedChains!.append(position)
        }
        if changedChains!.count > max(1024, model.chains.chains.count / 8) { changedChains = nil }
    }

    // MARK: - Rendering

    /// Whether the overview is what this size shows (it may still be hidden by the detail pane).
    func showsOverview(_ size: TerminalSize) -> Bool { state.overviewPreferred && Layout.fitsOverview(size) }

    public mutating func render(size: TerminalSize, now: Int64) -> CellGrid {
        var grid = drawn(size: size, now: now)
        // Views write their separators, counts and ellipses in Unicode; `--ascii` promises none.
        if glyphs == .ascii { grid.replaceNonASCIIMarks() }
        return grid
    }

    private mutating func drawn(size: TerminalSize, now: Int64) -> CellGrid {
        lastNow = now
        if isFiltered {
            filtered.count(from: model, generation: modelGeneration,
                           until: DispatchTime.now().uptimeNanoseconds + countingBudgetNanoseconds)
        }
        var grid = CellGrid(rows: size.rows, cols: size.cols)
        let layout = Layout(size: size, detailOpen: state.detailOpen, overviewWanted: state.overviewPreferred,
                            focus: state.pane)
        lastLayout = layout
        if layout.tooSmall {
            let message = ["Terminal too small: \(size.cols)×\(size.rows).", "faxtop needs at least 80×24.", "q quits."]
            for (i, line) in message.enumerated() {
                grid.put(line, row: size.rows / 2 - 1 + i, col: max(0, (size.cols - CharacterWidth.of(line)) / 2), role: .warning)
            }
            return grid
        }
        HeaderView(model: model, info: info, glyphs: glyphs, state: state).render(into: &grid, width: size.cols)
        renderTabs(into: &grid, width: size.cols)
        keepSelectionInView(layout)
        if let diff = state.diff {
            renderDiff(diff, into: &grid, area: Rect(row: 3, col: 0, height: size.rows - 4, width: size.cols))
        } else if let overview = layout.overview {
            for pane in ViewState.Pane.allCases {
                renderPane(pane, into: &grid, area: overview.area(of: pane), focused: pane == state.pane, now: now)
            }
            renderOverviewFrame(overview, into: &grid)
        } else if layout.list.height > 1 {
            renderPane(state.pane, into: &grid, area: layout.list, focused: true, now: now)
        }
        if state.diff == nil, let area = layout.detail {
            if layout.list.width > 0 {
                for r in area.row..<(area.row + area.height) { grid.put(glyphs.vertical, row: r, col: area.col - 1, role: .border) }
            }
            renderDetail(into: &grid, area: area)
        }
        if state.helpOpen { HelpView().render(into: &grid, area: Rect(row: 2, col: 0, height: size.rows - 3, width: size.cols)) }
        StatusBar(state: state, filterQuery: model.feed.filter.query, overview: layout.overview != nil)
            .render(into: &grid, row: size.rows - 1, width: size.cols)
        return grid
    }

    private mutating func renderPane(_ pane: ViewState.Pane, into grid: inout CellGrid, area: Rect, focused: Bool, now: Int64) {
        guard area.height > 1 else { return }
        switch pane {
        case .feed:
            FeedView(model: model, state: state, glyphs: glyphs, focused: focused).render(into: &grid, area: area)
        case .numbers:
            NumbersView(rows: numberRows(), state: state, glyphs: glyphs, now: now, focused: focused).render(into: &grid, area: area)
        case .chains:
            ChainsView(chains: orderedChains(now: now), state: state, glyphs: glyphs, focused: focused)
                .render(into: &grid, area: area)
        }
    }

    /// The line between the feed and the lower panes, naming them (the focused one marked), and the
    /// line between Numbers and Chains.
    private mutating func renderOverviewFrame(_ overview: Layout.Overview, into grid: inout CellGrid) {
        let row = overview.titleRow
        for col in 0..<grid.cols { grid.put(glyphs.horizontal, row: row, col: col, role: .border) }
        for pane in [ViewState.Pane.numbers, .chains] {
            let focused = pane == state.pane
            let count = pane == .numbers ? numberCount() : chainCount()
            let counting = isCounting ? " · counting \(Int(filtered.progress * 100))%" : ""
            let label = " \(focused ? glyphs.bullet + " " : "")\(pane.title) \(countLabel(count))\(counting) "
            grid.put(label, row: row, col: overview.area(of: pane).col + 1, role: focused ? .titleActive : .title)
        }
        let separator = overview.chains.col - 2
        for r in overview.chains.row..<(overview.chains.row + overview.chains.height) {
            grid.put(glyphs.vertical, row: r, col: separator, role: .border)
        }
    }

    private mutating func renderTabs(into grid: inout CellGrid, width: Int) {
        var col = 1
        for pane in ViewState.Pane.allCases {
            let count: String = switch pane {
            case .feed: "\(model.feed.visible.count)"
            case .numbers: countLabel(numberCount())
            case .chains: countLabel(chainCount())
            }
            let label = " \(pane.title) \(count) "
            col += grid.put(label, row: 2, col: col, role: pane == state.pane ? .titleActive : .title) + 1
        }
        let mode = state.follow ? "follow" : "paused"
        grid.putRight("\(mode)  theme \(theme.name) ", row: 2, end: width, width: 40, role: .dim)
    }

    /// Rows a pane shows below its column titles: its own height in the overview, the list's otherwise.
    func pageHeight(of pane: ViewState.Pane) -> Int {
        max(1, (lastLayout.area(of: pane, focus: pane)?.height ?? lastLayout.list.height) - 1)
    }

    private mutating func keepSelectionInView(_ layout: Layout) {
        func height(_ pane: ViewState.Pane) -> Int {
            max(1, (layout.overview?.area(of: pane).height ?? layout.list.height) - 1)
        }
        let feedCount = model.feed.visible.count
        state.feedSelection = max(0, min(state.feedSelection, feedCount - 1))
        state.feedTop = Scrolling.top(selection: state.feedSelection, top: state.feedTop, height: height(.feed), count: feedCount)
        let numbers = numberCount()
        state.numbersSelection = max(0, min(state.numbersSelection, numbers - 1))
        state.numbersTop = Scrolling.top(selection: state.numbersSelection, top: state.numbersTop, height: height(.numbers),
                                         count: numbers)
        let chains = chainCount()
        state.chainsSelection = max(0, min(state.chainsSelection, chains - 1))
        state.chainsTop = Scrolling.top(selection: state.chainsSelection, top: state.chainsTop, height: height(.chains),
                                        count: chains)
    }

    private mutating func renderDetail(into grid: inout CellGrid, area: Rect) {
        if state.pane == .numbers {
            renderNumberDetail(into: &grid, area: area)
            return
        }
        guard let record = selectedRecord else {
            grid.put("Nothing selected.", row: area.row + 1, col: area.col, role: .dim)
            return
        }
        let lines: [[DetailView.Segment]]
        if let cache = detailCache, cache.seq == record.seq, cache.count == record.deliveryCount {
            lines = cache.lines
        } else {
            lines = DetailView.lines(for: record, chain: model.chains.chain(for: record.dataID),
                                     body: rawBody(record.seq), glyphs: glyphs)
            detailCache = (record.seq, record.deliveryCount, lines)
        }
        state.detailScroll = max(0, min(state.detailScroll, lines.count - 1))
        let title = record.isRejection ? "Rejected request #\(record.seq)" : "Delivery #\(record.seq)"
        DetailView.render(lines, scroll: state.detailScroll, into: &grid, area: area, title: title)
    }

    private func renderDiff(_ diff: ViewState.AttemptDiff, into grid: inout CellGrid, area: Rect) {
        guard let olderIndex = model.feed.index(ofSeq: diff.older), let newerIndex = model.feed.index(ofSeq: diff.newer) else { return }
        let older = model.feed.records[olderIndex], newer = model.feed.records[newerIndex]
        let chain = model.chains.chain(for: newer.dataID)
        func side(_ record: FeedRecord) -> DiffView.Side {
            DiffView.Side(record: record, number: chain?.attemptNumber(ofSeq: record.seq) ?? 0, body: rawBody(record.seq))
        }
        DiffView(older: side(older), newer: side(newer), dataID: newer.dataID, scroll: diff.scroll, glyphs: glyphs)
            .render(into: &grid, area: area)
    }

    /// `Enter` on a number: worked out again when the selection or the model changes.
    private mutating func renderNumberDetail(into grid: inout CellGrid, area: Rect) {
        let rows = numberRows()
        guard state.numbersSelection < rows.count else {
            grid.put("Nothing selected.", row: area.row + 1, col: area.col, role: .dim)
            return
        }
        let row = rows[state.numbersSelection]
        let lines: [[DetailView.Segment]]
        let version = model.numbersVersion &+ filtered.version
        if let cache = numberDetailCache, cache.key == row.key, cache.version == version {
            lines = cache.lines
        } else {
            let history = NumberHistory(key: row.key, feed: model.feed, now: lastNow)
            lines = NumberDetailView.lines(for: row, history: history, glyphs: glyphs, now: lastNow)
            numberDetailCache = (row.key, version, lines)
        }
        state.detailScroll = max(0, min(state.detailScroll, lines.count - 1))
        DetailView.render(lines, scroll: state.detailScroll, into: &grid, area: area, title: "Number \(row.display)")
    }

    var listHeight: Int { pageHeight(of: state.pane) }
}
