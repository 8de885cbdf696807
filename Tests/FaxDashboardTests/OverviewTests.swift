import FaxCore
@testable import FaxDashboard
import Testing

/// The overview: the feed, Numbers and Chains at once on a large terminal, the focus, filters, resizes.
@Suite struct OverviewTests {
    static let large = TerminalSize(rows: 45, cols: 160)
    static let now = Deliveries.baseTime + 60_000
    /// At 160×45: the feed's column titles on row 3, the line naming the lower panes on row 25, their
    /// column titles on row 26; the Chains pane starts at column 81.
    static let lowerTitles = 25, chainsColumn = 81

    static func grid(_ dashboard: inout Dashboard, _ size: TerminalSize = large) -> CellGrid {
        dashboard.render(size: size, now: now)
    }

    @Test func largeTerminalShowsAllThreePanesAtOnce() throws {
        var dashboard = try Dashboard.make()
        let grid = Self.grid(&dashboard)
        let lines = grid.lines
        #expect(lines[2].hasPrefix("  Feed 4   Numbers 3   Chains 2 "), "\(lines[2])")
        #expect(lines[3].hasPrefix("time     event        from"), "\(lines[3])")
        #expect(lines[7].contains("⊘ 422        203.0.113.9       data.pages: expected a number, got a string"), "\(lines[7])")
        #expect(lines[25].hasPrefix("─ Numbers 3 ───"), "\(lines[25])")
        #expect(lines[25].contains("── Chains 2 ───"), "\(lines[25])")
        #expect(lines[26].hasPrefix("number ↓last seen      sent   recv   fail   ok %  retry  last seen   pages     │ session (dat… event"),
                "\(lines[26])")
        #expect(lines[27].hasPrefix("+1 415-555-0199           0      2      1    50%      1    57s ago       6     │ 6710c3a29e4b… sent      +1 212-555-0147 → +1 41… ✗ +6m ✓  → success  (2 seen)"),
                "\(lines[27])")
        #expect(lines[28].hasPrefix("+1 212-555-0147           2      1      1    67%      1    57s ago       9     │ 6710c80f5d2e… received "),
                "\(lines[28])")
        #expect(lines[29].hasPrefix("+1 646-555-0123           1      0      0   100%      0    58s ago       3     │"), "\(lines[29])")
        // The feed has the focus: its selection is the highlighted bar, the others' are only marked.
        #expect(grid[7, 0].role == .selected)
        #expect(grid[27, 0].role == .selectedInactive)
        #expect(grid[27, Self.chainsColumn].role == .selectedInactive)
        #expect(try #require(lines.last).contains("Tab focus"))
    }

    @Test func tabMovesTheFocusAndMarksTheFocusedPane() throws {
        var dashboard = try Dashboard.make()
        _ = dashboard.handle(.key(.tab))
        var grid = Self.grid(&dashboard)
        #expect(grid.lines[Self.lowerTitles].hasPrefix("─ ● Numbers 3 ───"), "\(grid.lines[Self.lowerTitles])")
        #expect(grid[Self.lowerTitles, 4].role == .titleActive)
        #expect(grid[2, 12].role == .titleActive, "the Numbers label of the tab row")
        #expect(grid[27, 0].role == .selected)
        #expect(grid[7, 0].role == .selectedInactive, "the feed keeps its selection, unhighlighted")
        dashboard.press("j")
        grid = Self.grid(&dashboard)
        #expect(grid[28, 0].role == .selected && grid[27, 0].role != .selected, "j moves the focused pane's selection")
        #expect(dashboard.selectedRecord?.seq == 5, "and not the feed's")
        _ = dashboard.handle(.key(.tab))
        grid = Self.grid(&dashboard)
        #expect(grid.lines[Self.lowerTitles].contains("── ● Chains 2 ───"), "\(grid.lines[Self.lowerTitles])")
        #expect(grid[27, Self.chainsColumn].role == .selected)
        #expect(grid[28, 0].role == .selectedInactive)
        _ = dashboard.handle(.key(.tab))
        #expect(dashboard.state.pane == .feed)
    }

    @Test func theFilterAppliesToAllThreePanesAndFollowsLiveTraffic() throws {
        var dashboard = try Dashboard.make()
        dashboard.setFilter("status:failed")
        var lines = dashboard.screen()
        #expect(lines[2].hasPrefix("  Feed 1   Numbers 2   Chains 1 "), "\(lines[2])")
        #expect(lines[27].hasPrefix("+1 415-555-0199           0      1      1     0%      0 "), "\(lines[27])")
        #expect(lines[28].hasPrefix("+1 212-555-0147           1      0      1     0%      0 "), "\(lines[28])")
        #expect(lines[27].contains("│ 6710c3a29e4b… sent "), "the chain of the failed attempt, whole: \(lines[27])")
        #expect(lines[27].contains("✗ +6m ✓"), "\(lines[27])")
        #expect(!lines[28].contains("6710c80f"), "\(lines[28])")

        try dashboard.apply([Deliveries.accepted(6, hookID: "a6", from: "+1 646-555-0123", to: "+1 305-555-0100",
                                                 status: "failed_no_answer"),
                             Deliveries.accepted(7, hookID: "a7", from: "+1 786-555-0111", status: "success")])
        lines = dashboard.screen()
        #expect(lines[2].hasPrefix("  Feed 2   Numbers 4   Chains 2 "), "a matching arrival counts, another not: \(lines[2])")
        #expect(!lines.contains(text: "786-555-0111"))

        // A repeat turns an older row visible under is:dup: the panes are counted again from the feed.
        dashboard.setFilter("is:dup")
        #expect(dashboard.screen()[2].hasPrefix("  Feed 1   Numbers 2   Chains 1 "))
        dashboard.apply([.duplicate(DuplicateDelivery(seq: 8, eventSeq: 1, deliveryCount: 2,
                                                      receivedAt: Deliveries.baseTime + 8000, remote: "127.0.0.1"))])
        lines = dashboard.screen()
        #expect(lines[2].hasPrefix("  Feed 2   Numbers 3   Chains 2 "), "\(lines[2])")

        dashboard.press("x")
        #expect(dashboard.screen()[2].hasPrefix("  Feed 6   Numbers 5   Chains 4 "), "\(dashboard.screen()[2])")
    }

    @Test func resizingBetweenLayoutsKeepsSelectionsAndScroll() throws {
        var deliveries: [Delivery] = []
        for seq in Int64(1)...60 {
            deliveries.append(try Deliveries.accepted(seq, hookID: "h\(seq)", to: "+1 415-555-01\(seq % 30 + 10)"))
        }
        var dashboard = try Dashboard.make(deliveries)
        _ = Self.grid(&dashboard)
        dashboard.press(String(repeating: "k", count: 30))
        #expect(dashboard.selectedRecord?.seq == 30)
        _ = dashboard.handle(.key(.tab))
        dashboard.press("jjjj")
        let number = dashboard.numberRows()[4].display
        var grid = Self.grid(&dashboard)
        let feedRow = try #require(grid.lines.firstIndex { $0.contains(" h30 ") })

        grid = Self.grid(&dashboard, TerminalSize(rows: 30, cols: 100))
        #expect(grid.lines[2].hasPrefix("  Feed 60   Numbers 31   Chains 60 "), "\(grid.lines[2])")
        #expect(grid[2, 12].role == .titleActive, "the focused pane is the one shown")
        #expect(grid.lines[4 + 4].hasPrefix(number), "the Numbers selection, row 5 of the pane: \(grid.lines[8])")
        #expect(grid[8, 0].role == .selected)

        grid = Self.grid(&dashboard)
        #expect(grid.lines[Self.lowerTitles].hasPrefix("─ ● Numbers 31 "))
        #expect(grid.lines.firstIndex { $0.contains(" h30 ") } == feedRow, "the feed scrolled as before")
        #expect(dashboard.selectedRecord?.seq == 30)
        #expect(dashboard.numberRows()[dashboard.state.numbersSelection].display == number)
    }

    @Test func vTogglesTheOverviewAndSmallTerminalsKeepTabs() throws {
        var dashboard = try Dashboard.make()
        _ = Self.grid(&dashboard)
        dashboard.press("v")
        var lines = dashboard.screen()
        #expect(!lines[Self.lowerTitles].contains("Numbers"), "one pane: \(lines[Self.lowerTitles])")
        #expect(try #require(lines.last).contains("one pane at a time: Tab switches"))
        #expect(try #require(lines.last).contains("Tab pane"))
        dashboard.press("v")
        lines = dashboard.screen()
        #expect(lines[Self.lowerTitles].hasPrefix("─ Numbers 3 "))
        #expect(try #require(lines.last).contains("overview: Tab moves the focus"))

        let small = TerminalSize(rows: 30, cols: 100)
        lines = Self.grid(&dashboard, small).lines
        #expect(lines[3].hasPrefix("time     event"))
        #expect(!lines.contains(text: "Numbers 3 ─"), "tabs below 140×40")
        dashboard.press("vv")
        lines = Self.grid(&dashboard, small).lines
        #expect(try #require(lines.last).contains("overview from 140×40 (this terminal is 100×30)"), "\(lines.last ?? "")")
    }

    @Test func enterOnAChainShowsItsAttemptsWithTheNewestOpen() throws {
        var dashboard = try Dashboard.make()
        _ = Self.grid(&dashboard)
        _ = dashboard.handle(.key(.tab))
        _ = dashboard.handle(.key(.tab))
        _ = dashboard.handle(.key(.enter))
        #expect(dashboard.state.pane == .feed)
        #expect(dashboard.model.feed.filter.query == "id:6710c3a29e4b1f0c7d2a5e81")
        #expect(dashboard.state.detailOpen)
        let lines = dashboard.screen()
        #expect(lines.contains(text: "Delivery #3"), "the retry, the newest attempt:\n\(lines.joined(separator: "\n"))")
        #expect(lines.contains(text: "attempt       2 of 2"))
    }

    @Test func clicksFocusPanesSelectRowsAndSortNumbers() throws {
        var dashboard = try Dashboard.make()
        _ = Self.grid(&dashboard)
        _ = dashboard.handle(.click(row: 28, col: 5))
        #expect(dashboard.state.pane == .numbers)
        #expect(dashboard.state.numbersSelection == 1)
        _ = dashboard.handle(.click(row: 27, col: Self.chainsColumn + 3))
        #expect(dashboard.state.pane == .chains)
        #expect(dashboard.state.chainsSelection == 0)
        _ = dashboard.handle(.click(row: 26, col: 37))  // "fail" in the Numbers pane's column titles
        #expect(dashboard.state.pane == .numbers)
        #expect(dashboard.state.numbersSort == .failures)
        #expect(Self.grid(&dashboard).lines[26].hasPrefix("number ↓failures"))
        _ = dashboard.handle(.click(row: 26, col: 2))
        #expect(dashboard.state.numbersSort == .number)
        _ = dashboard.handle(.click(row: 5, col: 20))
        #expect(dashboard.state.pane == .feed)
        #expect(dashboard.selectedRecord?.seq == 2)
        #expect(!dashboard.state.follow)
    }

    /// A new filter over a large feed: the feed is filtered at once, Numbers and Chains are counted a
    /// slice a frame (here the smallest, one slice of 4,096 records), and say so until they are complete.
    @Test func numbersAndChainsOfALargeFilteredFeedAreCountedAcrossFrames() throws {
        var deliveries: [Delivery] = []
        for seq in Int64(1)...10_000 {
            deliveries.append(try Deliveries.accepted(seq, hookID: String(format: "c%05d", seq), dataID: String(format: "c%05d", seq - seq % 2),
                                                      to: "+1 415-555-\(1000 + seq % 97)", status: seq % 3 == 0 ? "failed_no_answer" : "success"))
        }
        var dashboard = try Dashboard.make(deliveries)
        dashboard.countingBudgetNanoseconds = 0
        dashboard.setFilter("!status:failed")
        var lines = dashboard.screen()
        #expect(dashboard.isCounting)
        #expect(lines[2].hasPrefix("  Feed 6667   Numbers "), "\(lines[2])")
        #expect(lines[2].contains("…   Chains "), "a count still moving: \(lines[2])")
        #expect(lines[Self.lowerTitles].contains(" · counting 61% "), "4,096 of 6,667: \(lines[Self.lowerTitles])")
        lines = dashboard.screen()
        #expect(!dashboard.isCounting, "the rest in the second frame")
        #expect(!lines[Self.lowerTitles].contains("counting"))
        // The same as counting it all at once.
        var whole = try Dashboard.make(deliveries)
        whole.setFilter("!status:failed")
        var wholeLines = whole.screen()
        while whole.isCounting { wholeLines = whole.screen() }
        for (index, line) in lines.enumerated() where line != wholeLines[index] {
            Issue.record("row \(index): \(line)\n   vs: \(wholeLines[index])")
        }
        #expect(lines[2].hasPrefix("  Feed 6667   Numbers 98   Chains 5001 "), "\(lines[2])")
    }
}
