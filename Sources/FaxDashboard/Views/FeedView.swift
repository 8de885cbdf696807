import FaxCore

/// One row per delivery, newest at the bottom; rejected requests as red rows with code and reason.
struct FeedView {
    let model: DashboardModel
    let state: ViewState
    let glyphs: Glyphs
    /// Whether the pane has the focus: only the focused pane's selection is a highlighted bar.
    var focused = true

    struct Layout {
        var time = 8, event = 10, from = 17, arrow = 3, to = 17, pages = 4, status = 26, attempt = 3, dup = 4, id = 0

        init(width: Int) {
            if width < 100 {
                // 80 columns must still show the attempt and repeat markers.
                from = 13; arrow = 1; to = 13; pages = 3; status = 16
            } else if width < 110 {
                from = 15; to = 15; status = 18
            } else if width >= 140 {
                event = 12; status = 31  // the longest documented status, failed_normal_temporary_failure
            }
            let fixed = time + event + from + arrow + to + pages + status + attempt + dup + 9
            id = max(0, width - fixed - 1)
        }
    }

    func render(into grid: inout CellGrid, area: Rect) {
        let feed = model.feed
        let layout = Layout(width: area.width)
        let header = Rect(row: area.row, col: area.col, height: 1, width: area.width)
        renderColumnHeader(into: &grid, area: header, layout: layout)
        let body = Rect(row: area.row + 1, col: area.col, height: area.height - 1, width: area.width)
        if feed.visible.isEmpty {
            let message = feed.count == 0
                ? "Waiting for webhooks… POST a Fax.Plus payload to the URL above (or run `faxtop send`)."
                : "No delivery matches the filter \"\(feed.filter.query)\". Press / to change it."
            grid.put(message, row: body.row + 1, col: body.col + 2, width: body.width - 4, role: .dim)
            return
        }
        for line in 0..<body.height {
            let position = state.feedTop + line
            guard position < feed.visible.count else { break }
            let record = feed.visibleRecord(position)
            let selected = position == state.feedSelection
            let row = body.row + line
            if selected, focused { grid.fill(row: row, col: body.col, width: body.width, role: .selected) }
            renderRow(record, into: &grid, row: row, col: body.col, width: body.width, layout: layout, selected: selected)
        }
    }

    private func renderColumnHeader(into grid: inout CellGrid, area: Rect, layout: Layout) {
        var col = area.col
        for (title, width) in [("time", layout.time), ("event", layout.event), ("from", layout.from),
                               ("", layout.arrow), ("to", layout.to), ("pg", layout.pages), ("status", layout.status),
                               ("#", layout.attempt), ("dup", layout.dup), ("hook id", layout.id)] {
            if width == 0 { continue }
            grid.put(Columns.fit(title, width), row: area.row, col: col, width: width, role: .columnHeader)
            col += width + 1
        }
    }

    func renderRow(_ r: FeedRecord, into grid: inout CellGrid, row: Int, col start: Int, width: Int,
                   layout: Layout, selected: Bool) {
        func role(_ base: StyleRole) -> StyleRole { selected ? (focused ? .selected : .selectedInactive) : base }
        var col = start
        func cell(_ text: String, _ w: Int, _ r: StyleRole, right: Bool = false, keepEnd: Bool = false) {
            guard w > 0, col < start + width else { return }
            let fitted = keepEnd ? Columns.fitKeepingEnd(text, w) : Columns.fit(text, w, alignRight: right)
            grid.put(fitted, row: row, col: col, width: min(w, start + width - col), role: role(r))
            col += w + 1
        }
        cell(Formatting.clock(r.receivedAt), layout.time, .dim)
        if let rejection = r.rejection {
            cell("\(glyphs.rejected) \(rejection.code)", layout.event, .rejected)
            cell(r.remote, layout.from, .rejected)
            grid.put(rejection.reason, row: row, col: col, width: max(0, start + width - col), role: role(.rejected))
            return
        }
        let kind = r.kind ?? .other(r.hookEvent)
        let (glyph, kindRole): (String, StyleRole) = switch kind {
        case .sent: (glyphs.sent, .sent)
        case .received: (glyphs.received, .received)
        case .other: (glyphs.other, .otherEvent)
        }
        cell("\(glyph) \(kind.shortName)", layout.event, kindRole)
        cell(r.from.isEmpty ? "—" : r.from, layout.from, .normal, keepEnd: true)
        // At 80 columns the arrow has one column: ASCII's "->" would be cut to an ellipsis.
        cell(layout.arrow < glyphs.arrow.count ? String(glyphs.arrow.suffix(layout.arrow)) : glyphs.arrow, layout.arrow, .dim)
        cell(r.to.isEmpty ? "—" : r.to, layout.to, .normal, keepEnd: true)
        cell(r.pages > 0 ? "\(r.pages)p" : "", layout.pages, .dim, right: true)
        cell(r.status?.raw ?? "", layout.status, Self.role(for: r.status))
        let attempt = model.chains.chain(for: r.dataID)?.attemptNumber(ofSeq: r.seq)
        cell(r.isRetry ? "#\(attempt ?? 2)" : "", layout.attempt, .retry)
        cell(r.deliveryCount > 1 ? "×\(r.deliveryCount)" : "", layout.dup, .duplicate)
        cell(r.hookID, layout.id, .dim)
    }

    static func role(for status: FaxStatus?) -> StyleRole {
        switch status?.outcome {
        case .succeeded?: return .succeeded
        case .partial?: return .partial
        case .failed?: return .failed
        case .noCredit?: return .noCredit
        default: return .normal
        }
    }
}
