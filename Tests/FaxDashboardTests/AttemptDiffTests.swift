import FaxCore
import FaxDashboard
import Testing

/// `d`: two attempts of a fax side by side, the changed fields marked and highlighted.
@Suite struct AttemptDiffTests {
    /// The sample with its payloads stored: a failed first attempt (#1) and its successful retry (#3).
    static func dashboard() throws -> Dashboard {
        let bodies: [Int64: [UInt8]] = [
            1: Deliveries.payload(hookID: "6710c3a29e4b1f0c7d2a5e81", status: "failed_user_busy", eventTime: "2026-10-17 09:58:12"),
            3: Deliveries.payload(hookID: "6710c4f01a2b3c4d5e6f7081", dataID: "6710c3a29e4b1f0c7d2a5e81", status: "success",
                                  eventTime: "2026-10-17 10:04:30"),
        ]
        return try Dashboard.make(bodies: bodies)
    }

    @Test func dOnARetryComparesItWithTheAttemptBefore() throws {
        var dashboard = try Self.dashboard()
        dashboard.press("k")
        #expect(dashboard.selectedRecord?.seq == 3)
        dashboard.press("d")
        #expect(dashboard.state.diff == ViewState.AttemptDiff(older: 1, newer: 3))
        let grid = dashboard.render(size: TerminalSize(rows: 45, cols: 160), now: Deliveries.baseTime + 60_000)
        let lines = grid.lines
        #expect(lines[3].hasPrefix("Attempts 1 and 2 of 6710c3a29e4b1f0c7d2a5e81"), "\(lines[3])")
        #expect(lines[4].hasPrefix("time between  +6m (event_time 09:58:12 → 10:04:30), arrived +2s apart"), "\(lines[4])")
        #expect(lines[5].hasPrefix("changed       hook.id, hook.event_time, data.status"), "\(lines[5])")
        #expect(lines[7].hasPrefix("  field                        attempt 1 · #1 · "), "\(lines[7])")
        let status = try #require(lines.firstIndex { $0.hasPrefix("~ data.status") })
        #expect(lines[status].hasPrefix("~ data.status                  \"failed_user_busy\"") && lines[status].contains(" \"success\" "),
                "\(lines[status])")
        #expect(grid[status, 40].role == .changed, "the changed value is highlighted")
        let pages = try #require(lines.firstIndex { $0.hasPrefix("  data.pages") })
        #expect(grid[pages, 40].role == .dim, "an unchanged field is not")
        #expect(try #require(lines.last).contains("Esc back"))

        _ = dashboard.handle(.key(.escape))
        #expect(dashboard.state.diff == nil)
        #expect(dashboard.selectedRecord?.seq == 3, "back where it was")
    }

    @Test func dOnTheChainsPaneComparesItsLastTwoAttemptsAndExplainsWhenItCannot() throws {
        var dashboard = try Self.dashboard()
        _ = dashboard.handle(.key(.tab))
        dashboard.press("d")
        #expect(dashboard.state.diff == nil)
        #expect(dashboard.state.notice == "d compares two attempts of a fax: select one in the feed or the Chains pane")
        _ = dashboard.handle(.key(.tab))
        dashboard.press("d")
        #expect(dashboard.state.diff == ViewState.AttemptDiff(older: 1, newer: 3))
        dashboard.press("dj")
        dashboard.press("d")
        #expect(dashboard.state.diff == nil, "the received fax has one attempt")
        #expect(dashboard.state.notice == "this fax has one attempt seen: nothing to compare")
        _ = dashboard.handle(.key(.backTab))
        _ = dashboard.handle(.key(.backTab))
        dashboard.press("d")
        #expect(dashboard.state.notice == "d compares two attempts of a fax: select one that was retried", "the rejection")
    }

    @Test func aPayloadNoLongerStoredIsSaid() throws {
        var dashboard = try Dashboard.make()
        dashboard.press("kd")
        let lines = dashboard.screen()
        #expect(lines[5].hasPrefix("payloads      a payload is no longer stored"), "\(lines[5])")
    }
}
