import FaxCore
@testable import FaxDashboard
import Testing

/// The `:` command line: goto, filter, theme, export, and what it says about what it cannot do.
@Suite struct CommandLineTests {
    static func type(_ text: String, into dashboard: inout Dashboard) {
        dashboard.press(":")
        dashboard.press(text)
        _ = dashboard.handle(.key(.enter))
    }

    /// The sample, drawn once, so the dashboard knows the time (a minute after the first delivery).
    static func dashboard() throws -> Dashboard {
        var dashboard = try Dashboard.make()
        _ = dashboard.screen()
        return dashboard
    }

    @Test func theCommandLineShowsWhatIsTypedAndEscCloses() throws {
        var dashboard = try Self.dashboard()
        dashboard.press(":go")
        let lines = dashboard.screen()
        #expect(try #require(lines.last).hasPrefix(" :go▏"))
        _ = dashboard.handle(.key(.escape))
        #expect(dashboard.state.commandPrompt == nil)
        #expect(dashboard.selectedRecord?.seq == 5, "nothing ran")
    }

    @Test func gotoSelectsTheFirstDeliveryAtOrAfterTheTime() throws {
        var dashboard = try Self.dashboard()
        let third = FaxTimestamp.format((Deliveries.baseTime + 3000) / 1000)
        Self.type("goto \(third)", into: &dashboard)
        #expect(dashboard.selectedRecord?.seq == 3)
        #expect(!dashboard.state.follow, "follow turns off")
        #expect(dashboard.state.notice == "\(third) UTC: #3 at \(Formatting.clock(Deliveries.baseTime + 3000)) (follow off)")
        // Between two arrivals: the later one. Before all: the first.
        Self.type("goto \(FaxTimestamp.format((Deliveries.baseTime + 3500) / 1000 - 3600 * 24 * 400))", into: &dashboard)
        #expect(dashboard.selectedRecord?.seq == 1)
        // 57 s before the dashboard's now (a minute after the first delivery): the fourth second, the rejection.
        Self.type("goto -56s", into: &dashboard)
        #expect(dashboard.selectedRecord?.seq == 5)
        Self.type("goto -1s", into: &dashboard)
        #expect(dashboard.selectedRecord?.seq == 5)
        #expect(dashboard.state.notice?.hasPrefix("no delivery at or after ") == true, "\(dashboard.state.notice ?? "")")
        #expect(dashboard.state.notice?.hasSuffix(" UTC: the newest is selected") == true)
    }

    @Test func gotoFromTheNumbersPaneGoesToTheFeedAndRespectsTheFilter() throws {
        var dashboard = try Self.dashboard()
        dashboard.setFilter("event:sent")
        _ = dashboard.handle(.key(.tab))
        Self.type("goto \(FaxTimestamp.format((Deliveries.baseTime + 2000) / 1000))", into: &dashboard)
        #expect(dashboard.state.pane == .feed)
        #expect(dashboard.selectedRecord?.seq == 3, "the received fax at that second is filtered out")
    }

    @Test func badInputIsSaidInTheStatusLine() throws {
        var dashboard = try Self.dashboard()
        Self.type("goto yesterday", into: &dashboard)
        #expect(try #require(dashboard.screen().last).contains("goto: \"yesterday\" is not a time (14:30, 14:30:15, 2026-12-01"))
        Self.type("rm -rf /", into: &dashboard)
        #expect(dashboard.state.notice == "unknown command \":rm\": try :goto, :filter, :theme, :export")
        Self.type("filter status:", into: &dashboard)
        #expect(dashboard.state.notice?.hasPrefix("filter: ") == true && dashboard.state.notice?.hasSuffix("(the last good filter stays)") == true,
                "\(dashboard.state.notice ?? "")")
        Self.type("theme nosuch", into: &dashboard)
        #expect(dashboard.state.notice == "no theme \"nosuch\": default")
        #expect(dashboard.selectedRecord?.seq == 5)
    }

    @Test func filterThemeAndExport() throws {
        var dashboard = try Self.dashboard()
        dashboard.setThemes([.builtinDefault, Theme(name: "second", styles: Theme.builtinDefault.styles)], selecting: nil)
        Self.type("filter status:failed", into: &dashboard)
        #expect(dashboard.model.feed.filter.query == "status:failed")
        #expect(dashboard.model.feed.visible.count == 1)
        Self.type("theme second", into: &dashboard)
        #expect(dashboard.theme.name == "second")
        Self.type("export! ~/failed.csv", into: &dashboard)
        let taken = dashboard.takeExport()
        let request = try #require(taken)
        #expect(request.path == "~/failed.csv" && request.format == .csv && request.overwrite && request.filter.query == "status:failed")
        #expect(dashboard.state.notice == "exporting to ~/failed.csv…")
        #expect(dashboard.takeExport() == nil)
    }
}
