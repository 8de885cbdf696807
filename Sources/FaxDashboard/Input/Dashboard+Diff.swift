import FaxCore

extension Dashboard {
    /// `d`: the selected attempt beside the one before it (the first attempt beside the second); on the
    /// Chains pane, the chain's last two attempts, which is where a retry that finally succeeded differs.
    mutating func openDiff() {
        let chain: RetryChains.Chain
        let index: Int
        switch state.pane {
        case .chains:
            guard let selected = selectedChain() else { return }
            chain = selected
            index = chain.attemptCount - 1
        case .feed:
            guard let record = selectedRecord, !record.isRejection, let found = model.chains.chain(for: record.dataID),
                  let position = found.attempts.firstIndex(where: { $0.seq == record.seq }) else {
                state.notice = "d compares two attempts of a fax: select one that was retried"
                return
            }
            chain = found
            index = position
        case .numbers:
            state.notice = "d compares two attempts of a fax: select one in the feed or the Chains pane"
            return
        }
        guard chain.attemptCount >= 2 else {
            state.notice = "this fax has one attempt seen: nothing to compare"
            return
        }
        let attempts = chain.attempts
        let newer = max(index, 1)
        state.diff = .init(older: attempts[newer - 1].seq, newer: attempts[newer].seq)
    }

    /// Keys while the diff is open: it scrolls, Esc or `d` closes it. Returns false for keys it leaves to
    /// the rest of the dashboard (quit, help).
    mutating func handleDiff(_ event: InputEvent) -> Bool {
        guard var diff = state.diff else { return false }
        let page = max(1, lastLayout.size.rows - 8)
        switch event {
        case .character("q"), .key(.ctrl("c")), .character("?"), .resize: return false
        case .key(.escape), .character("d"):
            state.diff = nil
            return true
        case .character("j"), .key(.down), .wheelDown: diff.scroll += 1
        case .character("k"), .key(.up), .wheelUp: diff.scroll -= 1
        case .key(.pageDown), .key(.ctrl("f")), .character(" "): diff.scroll += page
        case .key(.pageUp), .key(.ctrl("b")): diff.scroll -= page
        case .character("g"), .key(.home): diff.scroll = 0
        case .character("G"), .key(.end): diff.scroll = Int.max / 2
        default: return true
        }
        diff.scroll = max(0, diff.scroll)
        state.diff = diff
        return true
    }
}
