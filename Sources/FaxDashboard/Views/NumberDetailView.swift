import FaxCore

/// The detail of a number (`Enter` on the Numbers pane): its totals, its success rate over the last hour
/// and day, its most common failures with their meanings, then its last faxes.
enum NumberDetailView {
    typealias Segment = JSONHighlighter.Segment

    static func lines(for row: NumberStats.Row, history: NumberHistory, glyphs: Glyphs, now: Int64) -> [[Segment]] {
        var lines: [[Segment]] = []
        func fact(_ label: String, _ value: String, _ role: StyleRole = .normal) {
            lines.append([(Columns.fit(label, 14), .dim), (value, role)])
        }
        fact("number", row.display)
        fact("faxes", "sent \(row.sent) · received \(row.received) · pages \(row.pages) · cost \(Formatting.money(row.cost))")
        fact("last seen", Formatting.age(row.lastSeen, now: now), .dim)
        for (label, rate) in [("ok last hour", history.lastHour), ("ok last day", history.lastDay)] {
            guard let value = rate.value else { fact(label, "no fax finished", .dim); continue }
            fact(label, "\(Int((value * 100).rounded()))%  (\(rate.successes) of \(rate.successes + rate.failures))",
                 value < 0.5 ? .failed : .succeeded)
        }
        lines.append([])
        if history.failures.isEmpty {
            lines.append([("No failures in the last day.", .dim)])
        } else {
            lines.append([("Failures in the last day", .title)])
            for (status, count) in history.failures.prefix(5) {
                lines.append([(Columns.fit("×\(count)", 6, alignRight: true) + " ", FeedView.role(for: status)),
                              (Columns.fit(status.raw, 32) + " ", FeedView.role(for: status)), (status.meaning, .dim)])
            }
        }
        lines.append([])
        lines.append([("Last \(history.recent.count) faxes, newest first", .title)])
        for record in history.recent {
            let sent = record.kind == .sent
            let other = sent ? record.to : record.from
            lines.append([
                (Formatting.clock(record.receivedAt) + " ", .dim),
                ("\(sent ? glyphs.sent : glyphs.received) \(Columns.fit(sent ? "to" : "from", 5))", sent ? .sent : .received),
                (Columns.fitKeepingEnd(other.isEmpty ? "—" : other, 17) + " ", .normal),
                (Columns.fit(record.status?.raw ?? "", 32) + " ", FeedView.role(for: record.status)),
                (record.hookID, .dim),
            ])
        }
        return lines
    }
}
