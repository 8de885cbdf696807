import FaxCore

extension Dashboard {
    /// The `:` command line: Enter runs the command, Esc (or Backspace on an empty line) closes it.
    /// Whatever goes wrong is said in the status line; nothing typed here can stop the dashboard.
    mutating func handleCommandPrompt(_ event: InputEvent) {
        guard var text = state.commandPrompt else { return }
        switch event {
        case .key(.enter):
            state.commandPrompt = nil
            run(text)
            return
        case .key(.escape): state.commandPrompt = nil; return
        case .key(.backspace), .key(.delete):
            if text.isEmpty { state.commandPrompt = nil; return }
            text.removeLast()
        case .key(.ctrl("u")): text = ""
        case .character(let c): text.append(c)
        default: return
        }
        state.commandPrompt = text
    }

    private mutating func run(_ text: String) {
        let command: PromptCommand
        do {
            command = try PromptCommand.parse(text)
        } catch {
            state.notice = error.description
            return
        }
        switch command {
        case .goto(let target): goto(target.milliseconds(now: lastNow))
        case .filter(let query):
            setFilter(query)
            if let error = state.filterError {
                state.notice = "filter: \(error) (the last good filter stays)"
                state.filterError = nil
            }
        case .theme(let name):
            guard let index = themes.firstIndex(where: { $0.name == name }) else {
                state.notice = "no theme \"\(name)\": " + themes.map(\.name).joined(separator: ", ")
                return
            }
            themeIndex = index
            state.notice = "theme \(theme.name)"
        case .export(let path, let format, let overwrite):
            pendingExport = ExportRequest(path: path, format: format, overwrite: overwrite, filter: model.feed.filter)
            state.notice = "exporting to \(path)…"
        }
    }

    /// Selects the first delivery the feed shows at or after `time` (milliseconds since 1970); follow
    /// turns off so the selection stays there. Deliveries are numbered in the order they arrive, so their
    /// arrival times rise along the feed and a binary search finds the place.
    mutating func goto(_ time: Int64) {
        let feed = model.feed
        let when = FaxTimestamp.format(time / 1000) + " UTC"
        guard !feed.visible.isEmpty else {
            state.notice = "no delivery to go to"
            return
        }
        var low = 0, high = feed.visible.count
        while low < high {
            let mid = (low + high) / 2
            if feed.visibleRecord(mid).receivedAt < time { low = mid + 1 } else { high = mid }
        }
        state.pane = .feed
        state.follow = false
        state.newSinceScroll = 0
        state.detailScroll = 0
        if low == feed.visible.count {
            state.feedSelection = low - 1
            state.notice = "no delivery at or after \(when): the newest is selected"
            return
        }
        state.feedSelection = low
        let record = feed.visibleRecord(low)
        state.notice = "\(when): #\(record.seq) at \(Formatting.clock(record.receivedAt)) (follow off)"
    }

    /// The export `:export` asked for, taken once, for the loop to run.
    public mutating func takeExport() -> ExportRequest? {
        defer { pendingExport = nil }
        return pendingExport
    }
}
