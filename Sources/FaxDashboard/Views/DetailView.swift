import Foundation
import FaxCore

/// The selected delivery: derived facts first, then the payload pretty-printed and scrollable.
struct DetailView {
    typealias Segment = JSONHighlighter.Segment

    /// Builds the detail lines for a record. `body` is the raw payload fetched from the store.
    static func lines(for record: FeedRecord, chain: RetryChains.Chain?, body: [UInt8]?, glyphs: Glyphs) -> [[Segment]] {
        var lines: [[Segment]] = []
        func fact(_ label: String, _ value: String, _ role: StyleRole = .normal) {
            lines.append([(Columns.fit(label, 14), .dim), (value, role)])
        }
        fact("received at", FaxTimestamp.iso8601(milliseconds: record.receivedAt))
        fact("remote", record.remote)
        if let rejection = record.rejection {
            fact("rejected", "HTTP \(rejection.code)", .rejected)
            fact("reason", rejection.reason, .rejected)
        } else {
            fact("event", record.hookEvent, record.kind == .sent ? .sent : .received)
            fact("hook id", record.hookID)
            fact("data id", record.dataID)
            if let status = record.status {
                fact("status", "\(status.raw) (\(status.outcome.rawValue))", FeedView.role(for: status))
                fact("meaning", status.meaning)
            }
            fact("deliveries", record.deliveryCount > 1 ? "×\(record.deliveryCount) (repeated by the sender)" : "1",
                 record.deliveryCount > 1 ? .duplicate : .normal)
            if let chain, let number = chain.attemptNumber(ofSeq: record.seq) {
                let total = chain.attemptCount + (chain.firstAttemptSeen ? 0 : 1)
                var text = "\(number) of \(chain.firstAttemptSeen ? "" : "≥")\(total)"
                if chain.attemptCount > 1 { text += "   (o / O: next / previous attempt)" }
                if !chain.firstAttemptSeen { text += "   first attempt not seen" }
                fact("attempt", text, number > 1 ? .retry : .normal)
            }
            if let eventTime = record.eventTime {
                let lag = record.receivedAt / 1000 - eventTime
                fact("event→arrival", Formatting.gap(lag).replacingOccurrences(of: "+", with: ""))
            }
        }
        lines.append([])
        guard let body else {
            // The store no longer has it: retention (--keep, --keep-days) pruned it after it arrived,
            // or the store cannot be read just now. The dashboard keeps what it was shown this session.
            lines.append([("(payload no longer stored: pruned by --keep / --keep-days, or the store cannot be read)", .dim)])
            return lines
        }
        if body.isEmpty {
            lines.append([("(empty body)", .dim)])
        } else {
            lines.append([("payload (\(body.count) bytes)", .title)])
            lines += JSONHighlighter.lines(for: body)
        }
        if let rejection = record.rejection, rejection.code != 0, body.count >= Rejection.maxStoredBody {
            lines.append([("… body truncated at \(Rejection.maxStoredBody) bytes", .dim)])
        }
        return lines
    }

    static func render(_ lines: [[Segment]], scroll: Int, into grid: inout CellGrid, area: Rect, title: String) {
        grid.put(title, row: area.row, col: area.col, width: area.width, role: .titleActive)
        for line in 0..<(area.height - 1) {
            let index = scroll + line
            guard index < lines.count else { break }
            var col = area.col
            for segment in lines[index] where col < area.col + area.width {
                col += grid.put(segment.text, row: area.row + 1 + line, col: col, width: area.col + area.width - col,
                                role: segment.role)
            }
        }
    }
}
