import FaxCore

extension Dashboard {
    public enum InputOutcome: Equatable {
        case keepRunning
        case quit
    }

    /// Changes the dashboard for one input event.
    public mutating func handle(_ event: InputEvent) -> InputOutcome {
        if event == .terminalGone { return .quit }
        if state.filterPrompt != nil { handlePrompt(event); return .keepRunning }
        if state.commandPrompt != nil { handleCommandPrompt(event); return .keepRunning }
        state.notice = nil
        if !state.helpOpen, handleDiff(event) { return .keepRunning }
        switch event {
        case .character("q"), .key(.ctrl("c")): return .quit
        case .character("?"): state.helpOpen.toggle()
        case .key(.escape):
            if state.helpOpen { state.helpOpen = false } else if state.detailOpen { state.detailOpen = false }
        case _ where state.helpOpen: state.helpOpen = false
        case .character("j"), .key(.down): move(by: 1)
        case .character("k"), .key(.up): move(by: -1)
        case .key(.pageDown), .key(.ctrl("f")), .character(" "): move(by: listHeight)
        case .key(.pageUp), .key(.ctrl("b")): move(by: -listHeight)
        case .character("g"), .key(.home): moveToStart()
        case .character("G"), .key(.end): moveToEnd()
        case .character("v"): toggleOverview()
        case .character("d"): openDiff()
        case .character("y"): copyPayload()
        case .character("Y"): copyFaxID()
        case .key(.tab): cyclePane(1)
        case .key(.backTab): cyclePane(-1)
        case .key(.enter): enter()
        case .character("/"):
            state.filterBeforePrompt = model.feed.filter.query
            state.filterPrompt = model.feed.filter.query
            state.filterError = nil
        case .character(":"): state.commandPrompt = ""
        case .character("x"): setFilter("")
        case .character("e"): cycleEventFilter()
        case .character("n"): filterToNumber()
        case .character("c"): filterToChain()
        case .character("o"): jumpAttempt(1)
        case .character("O"): jumpAttempt(-1)
        case .character("f"):
            state.follow.toggle()
            if state.follow { moveToEnd() }
        case .character("s"):
            let all = NumberStats.Sort.allCases
            state.numbersSort = all[(all.firstIndex(of: state.numbersSort)! + 1) % all.count]
            state.notice = "numbers sorted by \(state.numbersSort.rawValue)"
        case .character("t"): cycleTheme()
        case .click(let row, let col): click(row: row, col: col)
        case .wheelUp: scrollWheel(-3)
        case .wheelDown: scrollWheel(3)
        default: break
        }
        return .keepRunning
    }

    private mutating func handlePrompt(_ event: InputEvent) {
        guard var text = state.filterPrompt else { return }
        switch event {
        case .key(.enter):
            state.filterPrompt = nil
            if state.filterError != nil { state.notice = "kept the last good filter" }
            state.filterError = nil
            return
        case .key(.escape):
            state.filterPrompt = nil
            setFilter(state.filterBeforePrompt)
            state.filterError = nil
            return
        case .key(.backspace), .key(.delete): if !text.isEmpty { text.removeLast() }
        case .key(.ctrl("u")): text = ""
        case .character(let c): text.append(c)
        default: return
        }
        state.filterPrompt = text
        setFilter(text)  // the view follows as you type; a bad term keeps the last good filter
    }

    /// With the detail pane open, j/k still move the selection (the detail follows it, as in
    /// lazygit) and the page keys and wheel scroll the payload.
    mutating func move(by delta: Int) {
        if state.detailOpen, delta.magnitude > 1 {
            state.detailScroll = max(0, state.detailScroll + delta)
            return
        }
        if state.detailOpen { state.detailScroll = 0 }
        switch state.pane {
        case .feed:
            let count = model.feed.visible.count
            guard count > 0 else { return }
            let target = max(0, min(count - 1, state.feedSelection + delta))
            state.feedSelection = target
            if target == count - 1, delta > 0 { followNewest() } else if delta < 0 { state.follow = false }
        case .numbers:
            state.numbersSelection = max(0, min(numberCount() - 1, state.numbersSelection + delta))
        case .chains:
            state.chainsSelection = max(0, min(chainCount() - 1, state.chainsSelection + delta))
        }
    }

    private mutating func followNewest() {
        state.follow = true
        state.newSinceScroll = 0
        state.feedSelection = max(0, model.feed.visible.count - 1)
    }

    private mutating func moveToStart() {
        if state.detailOpen { state.detailScroll = 0; return }
        switch state.pane {
        case .feed: state.feedSelection = 0; state.follow = false
        case .numbers: state.numbersSelection = 0
        case .chains: state.chainsSelection = 0
        }
    }

    private mutating func moveToEnd() {
        if state.detailOpen { state.detailScroll = Int.max / 2; return }
        switch state.pane {
        case .feed: followNewest()
        case .numbers: state.numbersSelection = max(0, numberCount() - 1)
        case .chains: state.chainsSelection = max(0, chainCount() - 1)
        }
    }

    private mutating func cyclePane(_ step: Int) {
        let all = ViewState.Pane.allCases
        focus(all[(state.pane.rawValue + step + all.count) % all.count])
    }

    /// `v`: the overview or one pane at a time. The choice holds across resizes: a terminal too small
    /// for the overview shows tabs until it is large enough again.
    private mutating func toggleOverview() {
        state.overviewPreferred.toggle()
        let size = lastLayout.size
        if state.overviewPreferred, !Layout.fitsOverview(size) {
            state.notice = "overview from \(Layout.overviewMinimum.cols)×\(Layout.overviewMinimum.rows) (this terminal is \(size.cols)×\(size.rows))"
        } else {
            state.notice = state.overviewPreferred ? "overview: Tab moves the focus" : "one pane at a time: Tab switches"
        }
    }

    private mutating func enter() {
        switch state.pane {
        case .feed:
            guard selectedRecord != nil else { return }
            openDetail()
        case .numbers:
            guard numberCount() > 0 else { return }
            openDetail()
        case .chains:
            // The chain's attempts in the feed, with the newest one's detail open: o / O walk the others.
            guard let chain = selectedChain() else { return }
            filterToChain()
            if let newest = chain.attempts.map(\.seq).max(), let index = model.feed.index(ofSeq: newest),
               let position = model.feed.visiblePosition(of: index) {
                state.feedSelection = position
                state.follow = position == model.feed.visible.count - 1
            }
            openDetail()
        }
    }

    private mutating func openDetail() {
        state.detailOpen = true
        state.detailScroll = 0
    }

    /// The chain under the Chains pane's selection.
    mutating func selectedChain() -> RetryChains.Chain? {
        let chains = orderedChains(now: 0)
        return state.chainsSelection < chains.count ? chains[state.chainsSelection] : nil
    }

    /// `e`: all → sent → received → rejected → all, keeping the rest of the query.
    private mutating func cycleEventFilter() {
        let cycle = ["", "event:sent", "event:received", "is:rejected"]
        var terms = model.feed.filter.query.split(separator: " ").map(String.init)
        let current = terms.first { cycle.contains($0) } ?? ""
        terms.removeAll { cycle.contains($0) || $0.hasPrefix("event:") }
        let next = cycle[(cycle.firstIndex(of: current)! + 1) % cycle.count]
        if !next.isEmpty { terms.append(next) }
        setFilter(terms.joined(separator: " "))
        state.notice = next.isEmpty ? "all events" : "showing \(next)"
    }

    /// `n`: the feed row's other party (the destination of a sent fax, the sender of a received one),
    /// or the Numbers pane's selected number.
    private mutating func filterToNumber() {
        var digits = ""
        switch state.pane {
        case .numbers:
            let rows = numberRows()
            guard state.numbersSelection < rows.count else { return }
            digits = PhoneNumber.digits(rows[state.numbersSelection].key)
        default:
            guard let r = selectedRecord, !r.isRejection else { return }
            digits = r.kind == .received ? r.fromDigits : (r.toDigits.isEmpty ? r.fromDigits : r.toDigits)
        }
        guard !digits.isEmpty else { state.notice = "this number has no digits to filter by"; return }
        setFilter("number:\(digits)")
        state.pane = .feed
    }

    private mutating func filterToChain() {
        var dataID = ""
        if state.pane == .chains {
            guard let chain = selectedChain() else { return }
            dataID = chain.dataID
        } else {
            guard let r = selectedRecord, !r.isRejection else { return }
            dataID = r.dataID
        }
        setFilter("id:\(dataID.split(separator: " ").first.map(String.init) ?? dataID)")
        state.pane = .feed
    }

    /// `o`/`O`: the next/previous attempt of the selected fax session.
    private mutating func jumpAttempt(_ step: Int) {
        guard let record = selectedRecord, !record.isRejection,
              let chain = model.chains.chain(for: record.dataID),
              let index = chain.attempts.firstIndex(where: { $0.seq == record.seq }) else { return }
        let target = index + step
        guard target >= 0, target < chain.attemptCount else {
            state.notice = step > 0 ? "this is the last attempt seen" : "this is the first attempt seen"
            return
        }
        guard let recordIndex = model.feed.index(ofSeq: chain.attempts[target].seq),
              let position = model.feed.visiblePosition(of: recordIndex) else {
            state.notice = "that attempt is hidden by the filter (x clears it)"
            return
        }
        state.feedSelection = position
        state.follow = false
        state.detailScroll = 0
    }

    private mutating func cycleTheme() {
        themeIndex = (themeIndex + 1) % themes.count
        state.notice = "theme \(theme.name)"
    }

    /// Adds themes loaded at start-up (the built-in default stays first).
    public mutating func setThemes(_ list: [Theme], selecting name: String?) {
        themes = list.isEmpty ? [.builtinDefault] : list
        themeIndex = name.flatMap { n in themes.firstIndex { $0.name == n } } ?? 0
    }

    /// The pane keys act on (the one shown, in the single-pane layout); the detail belongs to the last one.
    mutating func focus(_ pane: ViewState.Pane) {
        state.pane = pane
        state.detailOpen = false
    }
}
