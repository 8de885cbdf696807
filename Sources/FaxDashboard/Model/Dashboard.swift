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

    private var numbersCache: (version: Int, sort: NumberStats.Sort, rows: [NumberStats.Row])?
    /// The chains pane's order, as positions in the model's chains (never a copy of the chains: holding
    /// one would also make the model's next append copy all of them).
    private var chainsCache: (version: Int, at: Int64, order: [Int32])?
    private var chainsSortMilliseconds: Int64 = 0
    private var detailCache: (seq: Int64, count: Int32, lines: [[DetailView.Segment]])?
    private var lastLayout = Layout(size: TerminalSize(rows: 0, cols: 0), detailOpen: false)

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

    mutating func numberRows() -> [NumberStats.Row] {
        if let cache = numbersCache, cache.version == model.numbersVersion, cache.sort == state.numbersSort { return cache.rows }
        let rows = model.numbers.sorted(by: state.numbersSort)
        numbersCache = (model.numbersVersion, state.numbersSort, rows)
        return rows
    }

    /// Chains in display order. While deliveries stream in, the order is refreshed at most once a
    /// second, and never more often than 20 times the last sort took, so that with a million sessions
    /// sorting costs at most about 5% of the UI thread.
    mutating func orderedChains(now: Int64) -> OrderedChains {
        if let cache = chainsCache,
           cache.version == model.chainsVersion || now - cache.at < max(1000, 20 * chainsSortMilliseconds) {
            return OrderedChains(order: cache.order, chains: model.chains.chains)
        }
        let started = DispatchTime.now().uptimeNanoseconds
        let order = model.chains.orderedPositions()
        chainsSortMilliseconds = Int64((DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
        chainsCache = (model.chainsVersion, now, order)
        return OrderedChains(order: order, chains: model.chains.chains)
    }

    // MARK: - Rendering

    struct Layout: Equatable {
        var size: TerminalSize
        var tooSmall: Bool { size.rows < 24 || size.cols < 80 }
        var list: Rect
        var detail: Rect?

        init(size: TerminalSize, detailOpen: Bool) {
            self.size = size
            let content = Rect(row: 3, col: 0, height: size.rows - 4, width: size.cols)
            if !detailOpen {
                list = content
                detail = nil
            } else if size.cols >= 120 {
                let left = size.cols * 11 / 20
                list = Rect(row: content.row, col: 0, height: content.height, width: left)
                detail = Rect(row: content.row, col: left + 2, height: content.height, width: size.cols - left - 2)
            } else {
                list = Rect(row: content.row, col: 0, height: 0, width: 0)
                detail = content
            }
        }
    }

    public mutating func render(size: TerminalSize, now: Int64) -> CellGrid {
        var grid = drawn(size: size, now: now)
        // Views write their separators, counts and ellipses in Unicode; `--ascii` promises none.
        if glyphs == .ascii { grid.replaceNonASCIIMarks() }
        return grid
    }

    private mutating func drawn(size: TerminalSize, now: Int64) -> CellGrid {
        var grid = CellGrid(rows: size.rows, cols: size.cols)
        let layout = Layout(size: size, detailOpen: state.detailOpen)
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
        let list = layout.list
        if list.height > 1 {
            switch state.pane {
            case .feed:
                FeedView(model: model, state: state, glyphs: glyphs).render(into: &grid, area: list)
            case .numbers:
                NumbersView(rows: numberRows(), state: state, glyphs: glyphs, now: now).render(into: &grid, area: list)
            case .chains:
                ChainsView(chains: orderedChains(now: now), state: state, glyphs: glyphs).render(into: &grid, area: list)
            }
        }
        if let area = layout.detail {
            if list.width > 0 {
                for r in area.row..<(area.row + area.height) { grid.put(glyphs.vertical, row: r, col: area.col - 1, role: .border) }
            }
            renderDetail(into: &grid, area: area)
        }
        if state.helpOpen { HelpView().render(into: &grid, area: Rect(row: 2, col: 0, height: size.rows - 3, width: size.cols)) }
        StatusBar(state: state, filterQuery: model.feed.filter.query)
            .render(into: &grid, row: size.rows - 1, width: size.cols)
        return grid
    }

    private func renderTabs(into grid: inout CellGrid, width: Int) {
        var col = 1
        for pane in ViewState.Pane.allCases {
            let count: Int = switch pane {
            case .feed: model.feed.visible.count
            case .numbers: model.numbers.count
            case .chains: model.chains.chains.count
            }
            let label = " \(pane.title) \(count) "
            col += grid.put(label, row: 2, col: col, role: pane == state.pane ? .titleActive : .title) + 1
        }
        let mode = state.follow ? "follow" : "paused"
        grid.putRight("\(mode)  theme \(theme.name) ", row: 2, end: width, width: 40, role: .dim)
    }

    private mutating func keepSelectionInView(_ layout: Layout) {
        let height = max(1, layout.list.height - 1)
        let feedCount = model.feed.visible.count
        state.feedSelection = max(0, min(state.feedSelection, feedCount - 1))
        state.feedTop = Scrolling.top(selection: state.feedSelection, top: state.feedTop, height: height, count: feedCount)
        let numbers = model.numbers.count
        state.numbersSelection = max(0, min(state.numbersSelection, numbers - 1))
        state.numbersTop = Scrolling.top(selection: state.numbersSelection, top: state.numbersTop, height: height, count: numbers)
        let chains = model.chains.chains.count
        state.chainsSelection = max(0, min(state.chainsSelection, chains - 1))
        state.chainsTop = Scrolling.top(selection: state.chainsSelection, top: state.chainsTop, height: height, count: chains)
    }

    private mutating func renderDetail(into grid: inout CellGrid, area: Rect) {
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

    var listHeight: Int { max(1, lastLayout.list.height - 1) }
    var listArea: Rect { lastLayout.list }
}
