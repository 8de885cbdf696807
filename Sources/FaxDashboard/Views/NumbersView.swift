import FaxCore

/// Per-number table: sent, received, pages, cost, failures, success rate, retries, last seen, activity.
struct NumbersView {
    let rows: [NumberStats.Row]
    let state: ViewState
    let glyphs: Glyphs
    let now: Int64
    /// Whether the pane has the focus: only the focused pane's selection is a highlighted bar.
    var focused = true

    struct Column {
        var title: String
        var width: Int
        var alignRight: Bool
        /// The order a click on the title sorts by.
        var sort: NumberStats.Sort?
    }

    /// The columns that fit `width`, left to right. Narrower than the whole table (an overview pane), the
    /// failures, success rate, retries and age come before pages and cost: they say which number is in
    /// trouble.
    static func columns(width: Int) -> [(column: Column, col: Int)] {
        let number = Column(title: "number", width: 20, alignRight: false, sort: .number)
        let sent = Column(title: "sent", width: 6, alignRight: true, sort: .total)
        let received = Column(title: "recv", width: 6, alignRight: true, sort: .total)
        let pages = Column(title: "pages", width: 7, alignRight: true, sort: nil)
        let cost = Column(title: "cost", width: 9, alignRight: true, sort: nil)
        let fail = Column(title: "fail", width: 6, alignRight: true, sort: .failures)
        let rate = Column(title: "ok %", width: 6, alignRight: true, sort: nil)
        let retry = Column(title: "retry", width: 6, alignRight: true, sort: nil)
        let lastSeen = Column(title: "last seen", width: 10, alignRight: true, sort: .lastSeen)
        let activity = Column(title: "activity 30m", width: 30, alignRight: false, sort: nil)
        let all = width >= 116
            ? [number, sent, received, pages, cost, fail, rate, retry, lastSeen, activity]
            : [number, sent, received, fail, rate, retry, lastSeen, pages, cost]
        var placed: [(Column, Int)] = []
        var col = 0
        for column in all where col + column.width <= width {
            placed.append((column, col))
            col += column.width + 1
        }
        return placed
    }

    func render(into grid: inout CellGrid, area: Rect) {
        let columns = Self.columns(width: area.width)
        for (column, offset) in columns {
            let label = column.title == "number" ? "number ↓\(state.numbersSort.rawValue)" : column.title
            grid.put(Columns.fit(label, column.width, alignRight: column.alignRight), row: area.row, col: area.col + offset,
                     width: column.width, role: .columnHeader)
        }
        guard !rows.isEmpty else {
            grid.put("No numbers yet.", row: area.row + 2, col: area.col + 2, role: .dim)
            return
        }
        for line in 0..<(area.height - 1) {
            let index = state.numbersTop + line
            guard index < rows.count else { break }
            let row = area.row + 1 + line
            let selected = index == state.numbersSelection
            if selected, focused { grid.fill(row: row, col: area.col, width: area.width, role: .selected) }
            for (column, offset) in columns {
                let (text, role) = cell(column.title, rows[index])
                grid.put(Columns.fit(text, column.width, alignRight: column.alignRight), row: row, col: area.col + offset,
                         width: column.width, role: selected ? (focused ? .selected : .selectedInactive) : role)
            }
        }
    }

    private func cell(_ title: String, _ r: NumberStats.Row) -> (String, StyleRole) {
        switch title {
        case "number": return (r.display, .normal)
        case "sent": return ("\(r.sent)", .sent)
        case "recv": return ("\(r.received)", .received)
        case "pages": return ("\(r.pages)", .normal)
        case "cost": return (Formatting.money(r.cost), .normal)
        case "fail": return ("\(r.failures)", r.failures > 0 ? .failed : .dim)
        case "ok %":
            let rate = r.successRate.map { "\(Int(($0 * 100).rounded()))%" } ?? "—"
            return (rate, (r.successRate ?? 1) < 0.5 ? .failed : .succeeded)
        case "retry": return ("\(r.retries)", r.retries > 0 ? .retry : .dim)
        case "last seen": return (Formatting.age(r.lastSeen, now: now), .dim)
        default: return (glyphs.sparkline(r.activity(endingAt: now / 60_000).map(Int.init)), .sparkline)
        }
    }
}
