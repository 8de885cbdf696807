import FaxCore

/// Two attempts of one fax side by side, field by field: the time between them, which fields changed,
/// then every field of both payloads with the changed ones marked and highlighted.
struct DiffView {
    struct Side {
        var record: FeedRecord
        var number: Int
        /// The payload as stored, or nil when it is no longer stored.
        var body: [UInt8]?
    }

    let older: Side
    let newer: Side
    let dataID: String
    let scroll: Int
    let glyphs: Glyphs

    /// The two payloads compared, or why they cannot be.
    static func compare(_ older: [UInt8]?, _ newer: [UInt8]?) -> Result<JSONDiff, DiffUnavailable> {
        guard let older, let newer else { return .failure(.notStored) }
        guard let left = try? JSONParser.parse(older), let right = try? JSONParser.parse(newer) else { return .failure(.notJSON) }
        return .success(JSONDiff(left, right))
    }

    enum DiffUnavailable: Error {
        case notStored, notJSON
    }

    func render(into grid: inout CellGrid, area: Rect) {
        var row = area.row
        let end = area.row + area.height
        grid.put("Attempts \(older.number) and \(newer.number) of \(dataID)", row: row, col: area.col, width: area.width,
                 role: .titleActive)
        row += 1
        fact("time between", timeBetween(), into: &grid, row: &row, area: area)
        let diff: JSONDiff
        switch Self.compare(older.body, newer.body) {
        case .success(let result): diff = result
        case .failure(let reason):
            let text = reason == .notStored
                ? "a payload is no longer stored (pruned by --keep / --keep-days, or the store cannot be read)"
                : "a payload is not JSON"
            fact("payloads", text, into: &grid, row: &row, area: area)
            return
        }
        let changed = diff.differences.map(\.path)
        fact("changed", changed.isEmpty ? "nothing: the payloads are the same" : changed.joined(separator: ", "),
             into: &grid, row: &row, area: area, role: changed.isEmpty ? .dim : .changed)
        row += 1
        let pathWidth = min(28, area.width / 4)
        let valueWidth = max(1, (area.width - pathWidth - 4) / 2)
        let rightCol = area.col + 2 + pathWidth + 1 + valueWidth + 1
        func heading(_ side: Side) -> String {
            "attempt \(side.number) · #\(side.record.seq) · \(Formatting.clock(side.record.receivedAt))"
        }
        grid.put("  " + Columns.fit("field", pathWidth), row: row, col: area.col, width: pathWidth + 2, role: .columnHeader)
        grid.put(Columns.fit(heading(older), valueWidth), row: row, col: area.col + 2 + pathWidth + 1, width: valueWidth, role: .columnHeader)
        grid.put(Columns.fit(heading(newer), valueWidth), row: row, col: rightCol, width: valueWidth, role: .columnHeader)
        row += 1
        let fields = diff.fields
        let first = min(scroll, max(0, fields.count - 1))
        for field in fields[first...] where row < end {
            let (mark, role): (String, StyleRole) = switch field.change {
            case .same: (" ", .dim)
            case .changed: ("~", .changed)
            case .removed: ("-", .changed)
            case .added: ("+", .changed)
            }
            grid.put(mark, row: row, col: area.col, role: role)
            grid.put(Columns.fit(field.path, pathWidth), row: row, col: area.col + 2, width: pathWidth,
                     role: field.change == .same ? .dim : .jsonKey)
            grid.put(Columns.fit(field.left ?? "", valueWidth), row: row, col: area.col + 2 + pathWidth + 1, width: valueWidth, role: role)
            grid.put(Columns.fit(field.right ?? "", valueWidth), row: row, col: rightCol, width: valueWidth, role: role)
            row += 1
        }
    }

    private func fact(_ label: String, _ value: String, into grid: inout CellGrid, row: inout Int, area: Rect,
                      role: StyleRole = .normal) {
        guard row < area.row + area.height else { return }
        grid.put(Columns.fit(label, 14), row: row, col: area.col, width: 14, role: .dim)
        grid.put(value, row: row, col: area.col + 14, width: max(0, area.width - 14), role: role)
        row += 1
    }

    /// Between the two `event_time`s (when Fax.Plus made the attempts), and between their arrivals here.
    private func timeBetween() -> String {
        let arrived = "arrived \(Formatting.gap((newer.record.receivedAt - older.record.receivedAt) / 1000)) apart"
        guard let from = older.record.eventTime, let to = newer.record.eventTime else { return arrived }
        return "\(Formatting.gap(to - from)) (event_time \(Formatting.clock(from * 1000)) \(glyphs.arrow) "
            + "\(Formatting.clock(to * 1000))), \(arrived)"
    }
}
