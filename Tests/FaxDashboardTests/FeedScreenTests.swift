import FaxCore
import FaxDashboard
import Testing

@Suite struct FeedScreenTests {
    @Test func headerShowsTotalsAndListeningURL() throws {
        var dashboard = try Dashboard.make()
        let lines = dashboard.screen()
        #expect(lines[0].contains("faxtop"))
        #expect(lines[0].contains("http://127.0.0.1:8080/webhook"))
        #expect(lines[1].contains("sent 2"))
        #expect(lines[1].contains("received 1"))
        #expect(lines[1].contains("failed 1"))
        #expect(lines[1].contains("rejected 1"))
        #expect(lines[1].contains("retries 1"))
        #expect(lines[1].contains("dup 1"))
    }

    @Test func feedRowsAreExactAndNewestAtTheBottom() throws {
        var dashboard = try Dashboard.make()
        let lines = dashboard.screen()
        #expect(lines[3].hasPrefix("time     event        from                  to                pg   status"))
        let rows = Array(lines[4...8])
        #expect(rows[0].hasPrefix("11:06:41 ↗ sent       +1 212-555-0147   →   +1 415-555-0199     3p failed_user_busy                    "))
        #expect(rows[1].contains("↙ received   +1 646-555-0123"))
        #expect(rows[1].contains("×2"), "a repeated delivery shows its count")
        #expect(rows[2].contains("success") && rows[2].contains("#2"), "a retry shows its attempt number")
        #expect(rows[3].contains("⊘ 422        203.0.113.9       data.pages: expected a number, got a string"))
        #expect(lines[9].trimmingCharacters(in: .whitespaces).isEmpty)
    }

    @Test func emptyFeedTellsTheUserWhatToDo() throws {
        var dashboard = try Dashboard.make([])
        #expect(dashboard.screen().contains(text: "Waiting for webhooks"))
    }

    @Test func tooSmallTerminalSaysSo() throws {
        var dashboard = try Dashboard.make()
        let lines = dashboard.screen(rows: 23, cols: 79)
        #expect(lines.contains(text: "Terminal too small: 79×23"))
        #expect(!lines.contains(text: "failed_user_busy"))
        #expect(dashboard.screen(rows: 24, cols: 80).contains(text: "failed_user_busy"))
    }

    @Test func controlCharactersFromTheNetworkAreShownNotSent() throws {
        let hostile = "+1 555\u{1B}[2J\u{07}\u{202E}evil"
        var dashboard = try Dashboard.make([Deliveries.accepted(1, hookID: "a1", from: hostile)])
        let grid = dashboard.render(size: TerminalSize(rows: 30, cols: 160), now: Deliveries.baseTime)
        for cell in grid.cells {
            guard let text = cell.text else { continue }
            for scalar in text.unicodeScalars {
                #expect(scalar.value >= 0x20 && scalar.value != 0x7F && !(0x80...0x9F).contains(scalar.value))
                #expect(scalar.value != 0x202E)
            }
        }
        #expect(grid.lines.contains(text: "␇\\u{202E}evil"), "the end of a long number stays, made visible")
    }

    @Test func wideCharactersKeepColumnsAligned() throws {
        var dashboard = try Dashboard.make([
            Deliveries.accepted(1, hookID: "a1", from: "東京オフィス"),
            Deliveries.accepted(2, hookID: "a2", from: "+1 212-555-0147"),
            Deliveries.accepted(3, hookID: "a3", from: "📠 fax room 🇯🇵 with a very long name"),
        ])
        let grid = dashboard.render(size: TerminalSize(rows: 30, cols: 160), now: Deliveries.baseTime)
        // The arrow column sits at the same screen column on every row.
        let arrowColumns = (4...6).map { row in (0..<grid.cols).first { grid[row, $0].text == "→" } }
        #expect(arrowColumns.allSatisfy { $0 == arrowColumns[0] && $0 != nil })
        #expect(grid.lines[6].contains("…"), "a long value is cut with an ellipsis")
    }

    /// The loading progress (or a failure) fits on the bottom line at 80 columns: the key hints give
    /// way to it, and what matters (the percentage) comes first.
    @Test func aNoticeOnTheStatusBarIsReadableAtEightyColumns() throws {
        var dashboard = try Dashboard.make()
        dashboard.state.notice = "loading history 31% · newest shown, numbers and chains when done"
        for cols in [80, 160] {
            let grid = dashboard.render(size: TerminalSize(rows: 30, cols: cols), now: Deliveries.baseTime)
            #expect(grid.lines.last?.contains("loading history 31% · newest shown, numbers and chains when done") == true,
                    "\(grid.lines.last ?? "")")
        }
    }

    @Test func rendersAtEveryWidthWithoutSpillingPastTheEdge() throws {
        var dashboard = try Dashboard.make()
        for cols in [80, 100, 120, 200] {
            let grid = dashboard.render(size: TerminalSize(rows: 30, cols: cols), now: Deliveries.baseTime)
            #expect(grid.lines.allSatisfy { CharacterWidth.of($0) == cols })
        }
    }
}
