import FaxCore

extension Dashboard {
    /// A click on a pane's label in the tab row, or in a pane: that pane gets the focus, and a row clicked
    /// is selected; a click on a column title of the Numbers pane sorts by that column.
    mutating func click(row: Int, col: Int) {
        if row == 2 {
            var start = 1
            for pane in ViewState.Pane.allCases {
                let width = pane.title.count + 8
                if col >= start, col < start + width { focus(pane); return }
                start += width
            }
            return
        }
        let layout = lastLayout
        guard let pane = ViewState.Pane.allCases.first(where: { layout.area(of: $0, focus: state.pane)?.contains(row: row, col: col) == true }),
              let area = layout.area(of: pane, focus: state.pane) else { return }
        if pane != state.pane { focus(pane) }
        guard row > area.row else {
            if pane == .numbers { sortNumbers(atColumn: col - area.col, width: area.width) }
            return
        }
        let offset = row - area.row - 1
        switch pane {
        case .feed:
            let position = state.feedTop + offset
            guard position < model.feed.visible.count else { return }
            state.feedSelection = position
            state.follow = position == model.feed.visible.count - 1
        case .numbers:
            state.numbersSelection = min(state.numbersTop + offset, max(0, numberCount() - 1))
        case .chains:
            state.chainsSelection = min(state.chainsTop + offset, max(0, chainCount() - 1))
        }
    }

    /// `s` cycles the Numbers pane's order; a click on a column title picks the order it names.
    private mutating func sortNumbers(atColumn col: Int, width: Int) {
        guard let (column, _) = NumbersView.columns(width: width).first(where: { col >= $0.col && col < $0.col + $0.column.width }),
              let sort = column.sort else { return }
        state.numbersSort = sort
        state.notice = "numbers sorted by \(sort.rawValue)"
    }

    mutating func scrollWheel(_ delta: Int) {
        if state.detailOpen { state.detailScroll = max(0, state.detailScroll + delta); return }
        move(by: delta)
    }
}
