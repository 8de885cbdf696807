/// The `?` overlay: every key and what it does, plus the filter language.
struct HelpView {
    static let filterHelp = [
        "Filter terms (all must hold, !term negates):",
        "  event:sent event:received event:other   number:1555 (from or to)   from:… to:…",
        "  status:failed (prefix)   id:6710c3 (hook or data id)   is:retry is:dup is:rejected",
        "  any other word matches ids, numbers, file name, status",
    ]

    func render(into grid: inout CellGrid, area: Rect) {
        let width = min(area.width - 4, 96)
        let height = min(area.height - 2, KeyBindings.all.count + Self.filterHelp.count + 4)
        let box = Rect(row: area.row + max(0, (area.height - height) / 2), col: area.col + max(0, (area.width - width) / 2),
                       height: height, width: width)
        grid.fill(row: box.row, col: box.col, width: box.width, height: box.height, role: .filterBar)
        grid.put(" faxtop keys ", row: box.row, col: box.col + 2, role: .titleActive)
        var row = box.row + 1
        for (keys, action) in KeyBindings.all where row < box.row + box.height - 1 {
            grid.put(Columns.fit(keys, 18), row: row, col: box.col + 2, width: 18, role: .key)
            grid.put(action, row: row, col: box.col + 21, width: box.width - 23, role: .filterBar)
            row += 1
        }
        row += 1
        for line in Self.filterHelp where row < box.row + box.height {
            grid.put(line, row: row, col: box.col + 2, width: box.width - 4, role: .filterBar)
            row += 1
        }
    }
}
