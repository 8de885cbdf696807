import FaxCore

/// Retry chains by fax session: each attempt's outcome, the gaps between attempts, the final outcome.
struct ChainsView {
    let chains: OrderedChains
    let state: ViewState
    let glyphs: Glyphs
    /// Whether the pane has the focus: only the focused pane's selection is a highlighted bar.
    var focused = true

    /// Column widths: narrow terminals keep room for the attempts, which are the point of the pane.
    private func widths(_ total: Int) -> (id: Int, pair: Int) {
        total < 120 ? (13, 24) : (26, 34)
    }

    func render(into grid: inout CellGrid, area: Rect) {
        let (idWidth, pairWidth) = widths(area.width)
        grid.put(Columns.fit("session (data.id)", idWidth) + " " + Columns.fit("event", 9) + " "
                 + Columns.fit("from → to", pairWidth) + " attempts / gaps / outcome",
                 row: area.row, col: area.col, width: area.width, role: .columnHeader)
        guard !chains.isEmpty else {
            grid.put("No fax sessions yet.", row: area.row + 2, col: area.col + 2, role: .dim)
            return
        }
        for line in 0..<(area.height - 1) {
            let index = state.chainsTop + line
            guard index < chains.count else { break }
            let row = area.row + 1 + line
            let selected = index == state.chainsSelection
            if selected, focused { grid.fill(row: row, col: area.col, width: area.width, role: .selected) }
            render(chains[index], into: &grid, row: row, area: area, selected: selected)
        }
    }

    private func render(_ chain: RetryChains.Chain, into grid: inout CellGrid, row: Int, area: Rect, selected: Bool) {
        func role(_ r: StyleRole) -> StyleRole { selected ? (focused ? .selected : .selectedInactive) : r }
        let end = area.col + area.width
        let (idWidth, pairWidth) = widths(area.width)
        var col = area.col
        col += grid.put(Columns.fit(chain.dataID, idWidth), row: row, col: col, width: idWidth, role: role(.dim)) + 1
        col += grid.put(Columns.fit(chain.kind.shortName, 9), row: row, col: col, width: 9,
                        role: role(chain.kind == .sent ? .sent : .received)) + 1
        // Each number cut to the column before joining: a hostile value may be 64 KiB long.
        let from = DisplayText.head(chain.from, columns: pairWidth).text
        let to = DisplayText.head(chain.to, columns: pairWidth).text
        col += grid.put(Columns.fit("\(from) \(glyphs.arrow) \(to)", pairWidth), row: row, col: col,
                        width: min(pairWidth, end - col), role: role(.normal)) + 1
        if !chain.firstAttemptSeen {
            col += grid.put("? ", row: row, col: col, width: max(0, end - col), role: role(.warning))
        }
        let gaps = chain.gaps
        for (i, attempt) in chain.attempts.enumerated() where col < end - 1 {
            let outcome = attempt.status?.outcome
            let glyph = outcome == .succeeded ? glyphs.ok : (outcome == .partial ? glyphs.partial : glyphs.fail)
            col += grid.put(glyph, row: row, col: col, width: end - col, role: role(FeedView.role(for: attempt.status)))
            if i < gaps.count, col < end - 1 {
                let gap = gaps[i].map(Formatting.gap) ?? "?"
                col += grid.put(" \(gap) ", row: row, col: col, width: end - col, role: role(.dim))
            }
        }
        var tail = "  \(glyphs.arrow) \(chain.finalStatus?.raw ?? "unknown")  (\(chain.attemptCount) seen"
        tail += chain.firstAttemptSeen ? ")" : ", first attempt not seen)"
        if col < end { grid.put(tail, row: row, col: col, width: end - col, role: role(FeedView.role(for: chain.finalStatus))) }
    }
}
