/// Where each part of the dashboard goes on a screen of a given size: one pane at a time (tabs), or the
/// overview (the feed on top, Numbers and Chains side by side below it) on a terminal large enough.
struct Layout: Equatable {
    /// The smallest terminal the overview is drawn on: below it, each pane would be too short or too
    /// narrow to read, and the panes are tabs again.
    static let overviewMinimum = TerminalSize(rows: 40, cols: 140)

    /// The three panes at once.
    struct Overview: Equatable {
        var feed: Rect
        /// The row naming the Numbers and Chains panes, between them and the feed.
        var titleRow: Int
        var numbers: Rect
        var chains: Rect
    }

    var size: TerminalSize
    var tooSmall: Bool { size.rows < 24 || size.cols < 80 }
    /// Set when the overview is drawn (never while the detail pane is open).
    var overview: Overview?
    /// The focused pane's rectangle (in the single-pane layout, the pane; empty when the detail takes the
    /// whole content area).
    var list: Rect
    var detail: Rect?

    static func fitsOverview(_ size: TerminalSize) -> Bool {
        size.rows >= overviewMinimum.rows && size.cols >= overviewMinimum.cols
    }

    init(size: TerminalSize, detailOpen: Bool, overviewWanted: Bool = false, focus: ViewState.Pane = .feed) {
        self.size = size
        let content = Rect(row: 3, col: 0, height: size.rows - 4, width: size.cols)
        overview = nil
        if detailOpen {
            // The detail beside (or over) the focused pane's list, as in the single-pane layout.
            if size.cols >= 120 {
                let left = size.cols * 11 / 20
                list = Rect(row: content.row, col: 0, height: content.height, width: left)
                detail = Rect(row: content.row, col: left + 2, height: content.height, width: size.cols - left - 2)
            } else {
                list = Rect(row: content.row, col: 0, height: 0, width: 0)
                detail = content
            }
            return
        }
        detail = nil
        guard overviewWanted, Self.fitsOverview(size) else {
            list = content
            return
        }
        // The live feed gets a little more than half: it is what moves.
        let feedHeight = content.height * 11 / 20
        let feed = Rect(row: content.row, col: 0, height: feedHeight, width: size.cols)
        let titleRow = content.row + feedHeight
        let lowerHeight = content.height - feedHeight - 1
        let left = (size.cols - 1) / 2
        let numbers = Rect(row: titleRow + 1, col: 0, height: lowerHeight, width: left)
        // One column for the line between them and one of space after it.
        let chains = Rect(row: titleRow + 1, col: left + 2, height: lowerHeight, width: size.cols - left - 2)
        let overview = Overview(feed: feed, titleRow: titleRow, numbers: numbers, chains: chains)
        self.overview = overview
        list = overview.area(of: focus)
    }

    /// The rectangle a pane is drawn in (nil when it is not on screen).
    func area(of pane: ViewState.Pane, focus: ViewState.Pane) -> Rect? {
        if let overview { return overview.area(of: pane) }
        return pane == focus && list.width > 0 ? list : nil
    }
}

extension Layout.Overview {
    func area(of pane: ViewState.Pane) -> Rect {
        switch pane {
        case .feed: feed
        case .numbers: numbers
        case .chains: chains
        }
    }
}
