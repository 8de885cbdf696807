import FaxCore

/// Per-number table: sent, received, pages, cost, failures, success rate, retries, last seen, activity.
struct NumbersView {
    let rows: [NumberStats.Row]
    let state: ViewState
    let glyphs: Glyphs
    let now: Int64

    func render(into grid: inout CellGrid, area: Rect) {
        let columns: [(String, Int, Bool)] = [
            ("number", 20, false), ("sent", 6, true), ("recv", 6, true), ("pages", 7, true), ("cost", 9, true),
            ("fail", 6, true), ("ok %", 6, true), ("retry", 6, true), ("last seen", 10, true), ("activity 30m", 30, false),
        ]
        var col = area.col
        for (title, width, right) in columns where col + width <= area.col + area.width {
            let label = title == "number" ? "number ↓\(state.numbersSort.rawValue)" : title
            grid.put(Columns.fit(label, width, alignRight: right), row: area.row, col: col, width: width, role: .columnHeader)
            col += width + 1
        }
        guard !rows.isEmpty else {
            grid.put("No numbers yet.", row: area.row + 2, col: area.col + 2, role: .dim)
            return
        }
        let minute = now / 60_000
        for line in 0..<(area.height - 1) {
            let index = state.numbersTop + line
            guard index < rows.count else { break }
            let r = rows[index]
            let row = area.row + 1 + line
            let selected = index == state.numbersSelection
            if selected { grid.fill(row: row, col: area.col, width: area.width, role: .selected) }
            let rate = r.successRate.map { "\(Int(($0 * 100).rounded()))%" } ?? "—"
            let values: [(String, StyleRole)] = [
                (r.display, .normal), ("\(r.sent)", .sent), ("\(r.received)", .received), ("\(r.pages)", .normal),
                (Formatting.money(r.cost), .normal), ("\(r.failures)", r.failures > 0 ? .failed : .dim),
                (rate, (r.successRate ?? 1) < 0.5 ? .failed : .succeeded), ("\(r.retries)", r.retries > 0 ? .retry : .dim),
                (Formatting.age(r.lastSeen, now: now), .dim),
                (glyphs.sparkline(r.activity(endingAt: minute).map(Int.init)), .sparkline),
            ]
            col = area.col
            for ((text, role), (_, width, right)) in zip(values, columns) where col + width <= area.col + area.width {
                grid.put(Columns.fit(text, width, alignRight: right), row: row, col: col, width: width,
                         role: selected ? .selected : role)
                col += width + 1
            }
        }
    }
}
