import FaxCore

/// The two header lines: where faxtop listens and how it is doing, then totals and activity.
struct HeaderView {
    let model: DashboardModel
    let info: ReceiverInfo
    let glyphs: Glyphs
    let state: ViewState

    func render(into grid: inout CellGrid, width: Int) {
        grid.fill(row: 0, height: 2, role: .header)
        var col = 1
        col += grid.put("faxtop", row: 0, col: col, role: .headerAccent) + 1
        col += grid.put("\(glyphs.bullet) \(info.url)", row: 0, col: col, width: width / 2, role: .header) + 2
        // Before access and store: a poller that stopped must be seen even on a narrow terminal.
        if let api = info.api {
            col += grid.put(api, row: 0, col: col, width: max(0, width - col - 2),
                            role: info.apiIsWarning ? .warning : .header) + 2
        }
        if !info.access.isEmpty {
            col += grid.put(info.access, row: 0, col: col, width: max(0, width - col - 2),
                            role: info.accessIsWarning ? .warning : .header) + 2
        }
        if !info.store.isEmpty, col < width {
            grid.put(info.store, row: 0, col: col, width: max(0, width - col - 1),
                     role: info.storeIsFailing ? .warning : .header)
        }

        let t = model.totals
        var parts: [(String, StyleRole)] = [
            ("sent \(t.sent)", .header), ("received \(t.received)", .header),
            ("failed \(t.failed)", t.failed > 0 ? .warning : .header),
            ("rejected \(t.rejected)", t.rejected > 0 ? .warning : .header),
            ("retries \(t.retries)", .header), ("dup \(t.duplicates)", .header),
        ]
        if t.other > 0 { parts.insert(("other \(t.other)", .header), at: 2) }
        // Counts of the newest deliveries alone would read as the totals.
        if state.loadingHistory { parts.insert(("newest only:", .warning), at: 0) }
        // First, where nothing cuts it: the feed is not complete until this clears.
        if let missing = info.missing { parts.insert((missing, .warning), at: 0) }
        col = 1
        for (text, role) in parts { col += grid.put(text, row: 1, col: col, role: role) + 2 }
        let spark = glyphs.sparkline(model.perMinute.counts)
        let rate = model.perMinute.counts.suffix(5).reduce(0, +)
        col += grid.put("30m ", row: 1, col: col, role: .header)
        col += grid.put(spark, row: 1, col: col, role: .headerAccent) + 1
        col += grid.put("\(Double(rate) / 5)/min", row: 1, col: col, role: .header) + 2
        if info.missing == nil, info.ringOverruns > 0 {
            col += grid.put("overruns \(info.ringOverruns) (backfilled)", row: 1, col: col, role: .warning) + 2
        }
        if !state.follow, state.newSinceScroll > 0 {
            grid.put("\(state.newSinceScroll) new \(glyphs.arrow) G", row: 1, col: col, role: .warning)
        }
    }
}
