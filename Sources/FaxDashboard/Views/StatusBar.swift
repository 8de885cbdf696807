/// The bottom line: the filter prompt while typing, otherwise the keys that work here,
/// the filter in effect and any notice.
struct StatusBar {
    let state: ViewState
    let filterQuery: String
    /// The overview is on screen (Tab moves the focus rather than switching panes).
    var overview = false

    func render(into grid: inout CellGrid, row: Int, width: Int) {
        grid.fill(row: row, role: .statusBar)
        if let command = state.commandPrompt {
            let col = grid.put(" :", row: row, col: 0, role: .key)
            grid.put(command + "▏", row: row, col: col, width: width - col, role: .filterBar)
            return
        }
        if let prompt = state.filterPrompt {
            var col = grid.put(" filter: ", row: row, col: 0, role: .key)
            col += grid.put(prompt + "▏", row: row, col: col, width: width / 2, role: .filterBar)
            if let error = state.filterError {
                grid.put("  " + error, row: row, col: col, width: width - col, role: .error)
            }
            return
        }
        var right = ""
        if let notice = state.notice { right = notice }
        else if !filterQuery.isEmpty { right = "filter: \(filterQuery)" }
        // A notice (loading progress, a failure) is worth more than the key hints: they give it room.
        let reserved = state.notice.map { min($0.count + 2, width - 2) } ?? 20
        var col = 1
        for (key, action) in KeyBindings.hints(for: state, overview: overview) where col + key.count + action.count + 3 < width - reserved {
            col += grid.put(key, row: row, col: col, role: .key) + 1
            col += grid.put(action, row: row, col: col, role: .statusBar) + 2
        }
        if !right.isEmpty, col < width - 2 {
            grid.putRight(right + " ", row: row, end: width, width: width - col, role: state.notice != nil ? .warning : .key)
        }
    }
}
