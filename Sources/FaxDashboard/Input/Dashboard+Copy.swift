import FaxCore

extension Dashboard {
    /// `y`: the selected delivery's payload, pretty-printed as the detail pane shows it (a body that is
    /// not JSON as its text, control characters made visible: pasted into a shell, it does nothing).
    mutating func copyPayload() {
        guard let record = copySource() else { return }
        guard let body = rawBody(record.seq) else {
            state.notice = "the payload of #\(record.seq) is no longer stored: nothing copied"
            return
        }
        let text = JSONHighlighter.lines(for: body).map { $0.map(\.text).joined() }.joined(separator: "\n") + "\n"
        copy(text, what: "the payload of #\(record.seq) (\(body.count) bytes)")
    }

    /// `Y`: the selected fax's id (`data.id`, the same for every attempt).
    mutating func copyFaxID() {
        guard let record = copySource() else { return }
        guard !record.isRejection else {
            state.notice = "a rejected request has no fax id"
            return
        }
        copy(record.dataID, what: "fax id \(record.dataID)")
    }

    /// Hands the text to the loop, which sends it to the terminal, and says so in the status line.
    public mutating func takeClipboard() -> [UInt8]? {
        defer { pendingClipboard = nil }
        return pendingClipboard
    }

    private mutating func copy(_ text: String, what: String) {
        guard clipboardEnabled else {
            state.notice = "copying is off (--no-osc52 or osc52 = false in the config file)"
            return
        }
        pendingClipboard = Array(text.utf8)
        state.notice = "copied \(what) to the clipboard (OSC 52)"
    }

    /// The delivery `y` and `Y` act on: the feed's selection, or the newest attempt of the selected chain.
    private mutating func copySource() -> FeedRecord? {
        switch state.pane {
        case .feed:
            return selectedRecord
        case .chains:
            guard let newest = selectedChain()?.attempts.map(\.seq).max(), let index = model.feed.index(ofSeq: newest) else {
                return nil
            }
            return model.feed.records[index]
        case .numbers:
            state.notice = "y copies a payload: select a delivery in the feed or a chain"
            return nil
        }
    }
}
