import Dispatch
import FaxCore

/// How the dashboard looks: the layout (``Layout``) filled by the views, pane by pane.
extension Dashboard {
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
            // The faxes in flight take the bottom rows of the feed pane, only while there are any.
            let inFlight = InFlightView.height(for: info.inFlight.count, paneHeight: area.height)
            var feedArea = area
            feedArea.height -= inFlight
            FeedView(model: model, state: state, glyphs: glyphs, focused: focused).render(into: &grid, area: feedArea)
            if inFlight > 0 {
                InFlightView(faxes: info.inFlight, chains: model.chains, glyphs: glyphs, now: now)
                    .render(into: &grid, area: Rect(row: area.row + feedArea.height, col: area.col, height: inFlight, width: area.width))
            }
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
            let area = layout.overview?.area(of: pane).height ?? layout.list.height
            let inFlight = pane == .feed ? InFlightView.height(for: info.inFlight.count, paneHeight: area) : 0
            return max(1, area - inFlight - 1)
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
