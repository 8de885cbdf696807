import FaxCore

/// The faxes in flight, as a section under the feed: which fax, to whom, pages, status and for how
/// long. An entry whose `fax_sent` is already in the feed (by webhook or poll) shows as sent, until
/// the outbox stops listing it.
struct InFlightView {
    /// At most this many entries; the title says how many more there are.
    static let maxRows = 4

    let faxes: [InFlightFax]
    let chains: RetryChains
    let glyphs: Glyphs
    /// Milliseconds since 1970.
    let now: Int64

    /// Rows the section takes in a feed pane of `height` rows: the title and the entries, never more
    /// than half the pane.
    static func height(for count: Int, paneHeight: Int) -> Int {
        guard count > 0 else { return 0 }
        return min(min(count, maxRows) + 1, paneHeight / 2)
    }

    func render(into grid: inout CellGrid, area: Rect) {
        guard area.height > 0 else { return }
        let more = faxes.count > area.height - 1 ? " (+\(faxes.count - (area.height - 1)) more)" : ""
        grid.put("in flight \(faxes.count)\(more)", row: area.row, col: area.col, width: area.width, role: .columnHeader)
        for (line, fax) in faxes.prefix(area.height - 1).enumerated() {
            var text = "\(glyphs.bullet) \(fax.id)  to \(fax.to)"
            if let pages = fax.pages { text += "  \(pages) pg" }
            let sent = chains.chain(for: fax.id).flatMap { $0.kind == .sent ? $0 : nil }
            if let sent {
                text += "  sent: \(sent.finalStatus?.raw ?? "?")"
            } else {
                text += "  \(fax.status)"
                if let since = fax.since { text += " for \(Formatting.gap(max(0, now / 1000 - since)).dropFirst())" }
            }
            grid.put(text, row: area.row + 1 + line, col: area.col + 1, width: max(0, area.width - 1),
                     role: sent == nil ? .normal : .dim)
        }
    }
}
