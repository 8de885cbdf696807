import FaxCore
import FaxDashboard
import Testing

@Suite struct KeyHandlingTests {
    @Test func jAndKMoveTheSelectionAndLeaveFollowMode() throws {
        var dashboard = try Dashboard.make()
        #expect(dashboard.state.follow)
        #expect(dashboard.selectedRecord?.seq == 5, "follow keeps the newest selected")
        dashboard.press("k")
        #expect(dashboard.selectedRecord?.seq == 3)
        #expect(!dashboard.state.follow)
        _ = dashboard.handle(.key(.up))
        #expect(dashboard.selectedRecord?.seq == 2)
        dashboard.press("g")
        #expect(dashboard.selectedRecord?.seq == 1)
        dashboard.press("G")
        #expect(dashboard.selectedRecord?.seq == 5)
        #expect(dashboard.state.follow)
    }

    @Test func followOffShowsNewCountAndKeepsTheSelection() throws {
        var dashboard = try Dashboard.make()
        dashboard.press("kk")
        try dashboard.apply([Deliveries.accepted(6, hookID: "b6"), Deliveries.accepted(7, hookID: "b7")])
        #expect(dashboard.selectedRecord?.seq == 2)
        #expect(dashboard.screen()[1].contains("2 new"))
        dashboard.press("f")
        #expect(dashboard.state.follow)
        #expect(dashboard.selectedRecord?.seq == 7)
        try dashboard.apply([Deliveries.accepted(8, hookID: "b8")])
        #expect(dashboard.selectedRecord?.seq == 8)
    }

    @Test func filterPromptUpdatesAsYouTypeAndKeepsTheLastGoodFilter() throws {
        var dashboard = try Dashboard.make()
        dashboard.press("/")
        #expect(dashboard.state.filterPrompt == "")
        dashboard.press("status:fail")
        #expect(dashboard.model.feed.visible.count == 1)
        #expect(try #require(dashboard.screen().last).contains("filter: status:fail"))
        dashboard.press(" is:")
        #expect(dashboard.model.feed.filter.query == "status:fail is", "a bad term keeps the last good filter (here the word \"is\")")
        #expect(try #require(dashboard.screen().last).contains("is: expects retry, dup or rejected"))
        dashboard.press("retry")
        #expect(dashboard.model.feed.visible.count == 0, "failed and a retry: none in the sample")
        _ = dashboard.handle(.key(.backspace))
        _ = dashboard.handle(.key(.enter))
        #expect(dashboard.state.filterPrompt == nil)
        #expect(dashboard.model.feed.filter.query == "status:fail is:retry", "Enter keeps the last good filter")
        #expect(dashboard.state.notice == "kept the last good filter")
        dashboard.press("/")
        for _ in 0..<" is:retr".count { _ = dashboard.handle(.key(.backspace)) }
        _ = dashboard.handle(.key(.enter))
        dashboard.press("/")
        dashboard.press("!")
        _ = dashboard.handle(.key(.escape))
        #expect(dashboard.model.feed.filter.query == "status:fail", "Esc restores the filter from before the prompt")
        dashboard.press("x")
        #expect(dashboard.model.feed.visible.count == 4, "every row: 3 events and a rejection")
    }

    @Test func eCyclesTheEventFilter() throws {
        var dashboard = try Dashboard.make()
        dashboard.press("e")
        #expect(dashboard.model.feed.filter.query == "event:sent")
        #expect(dashboard.model.feed.visible.count == 2)
        dashboard.press("e")
        #expect(dashboard.model.feed.filter.query == "event:received")
        dashboard.press("e")
        #expect(dashboard.model.feed.filter.query == "is:rejected")
        #expect(dashboard.model.feed.visible.count == 1)
        dashboard.press("e")
        #expect(dashboard.model.feed.filter.query == "")
    }

    @Test func nFiltersToTheOtherPartyAndCToTheChain() throws {
        var dashboard = try Dashboard.make()
        dashboard.press("kk")  // seq 2: received from +1 646-555-0123
        #expect(dashboard.selectedRecord?.seq == 2)
        dashboard.press("n")
        #expect(dashboard.model.feed.filter.query == "number:16465550123")
        #expect(dashboard.model.feed.visible.count == 1)
        dashboard.press("x")
        dashboard.press("g")  // seq 1, first attempt of a chain with a retry
        dashboard.press("c")
        #expect(dashboard.model.feed.filter.query == "id:6710c3a29e4b1f0c7d2a5e81")
        #expect(dashboard.model.feed.visible.count == 2)
    }

    @Test func oAndCapitalOJumpBetweenAttempts() throws {
        var dashboard = try Dashboard.make()
        dashboard.press("g")
        dashboard.press("o")
        #expect(dashboard.selectedRecord?.seq == 3)
        dashboard.press("o")
        #expect(dashboard.state.notice == "this is the last attempt seen")
        dashboard.press("O")
        #expect(dashboard.selectedRecord?.seq == 1)
    }

    @Test func enterOpensTheDetailWithPrettyPayloadAndFacts() throws {
        let body = Deliveries.payload(hookID: "6710c4f01a2b3c4d5e6f7081", dataID: "6710c3a29e4b1f0c7d2a5e81")
        var dashboard = try Dashboard.make(bodies: [3: body])
        dashboard.press("k")
        _ = dashboard.handle(.key(.enter))
        let lines = dashboard.screen()
        #expect(lines.contains(text: "Delivery #3"))
        #expect(lines.contains(text: "attempt       2 of 2"))
        #expect(lines.contains(text: "The destination line was busy.") == false)
        #expect(lines.contains(text: "Delivered: every page went through."))
        #expect(lines.contains(text: "\"status\": \"success\""))
        #expect(lines.contains(text: "event→arrival"))
        _ = dashboard.handle(.key(.escape))
        #expect(!dashboard.screen().contains(text: "Delivery #3"))
    }

    @Test func detailOfARejectionShowsReasonAndBody() throws {
        var dashboard = try Dashboard.make(bodies: [5: Array("hook=1&data=2".utf8)])
        _ = dashboard.handle(.key(.enter))
        let lines = dashboard.screen()
        #expect(lines.contains(text: "Rejected request #5"))
        #expect(lines.contains(text: "HTTP 422"))
        #expect(lines.contains(text: "hook=1&data=2"))
    }

    @Test func tabCyclesPanesAndNumbersAndChainsShow() throws {
        var dashboard = try Dashboard.make()
        dashboard.press("v")  // one pane at a time
        _ = dashboard.handle(.key(.tab))
        var lines = dashboard.screen()
        #expect(dashboard.state.pane == .numbers)
        // Sent twice from it (a failed first attempt and its retry), received once on it.
        #expect(lines.line(containing: "+1 212-555-0147")?.hasPrefix(
            "+1 212-555-0147           2      1       9      9.00      1    67%      1 ") == true,
                "\(lines.line(containing: "+1 212-555-0147") ?? "no row for the number")")
        _ = dashboard.handle(.key(.tab))
        lines = dashboard.screen()
        #expect(lines.contains(text: "6710c3a29e4b1f0c7d2a5e81"))
        #expect(try #require(lines.line(containing: "6710c3a29e4b1f0c7d2a5e81")).contains("✗ +6m ✓"))
        _ = dashboard.handle(.key(.backTab))
        #expect(dashboard.state.pane == .numbers)
        dashboard.press("s")
        #expect(dashboard.state.numbersSort == .total)
    }

    @Test func helpListsEveryKeyAndQQuits() throws {
        var dashboard = try Dashboard.make()
        dashboard.press("?")
        let lines = dashboard.screen()
        #expect(lines.contains(text: "faxtop keys"))
        #expect(lines.contains(text: "follow mode on / off"))
        // Every key with the whole of what it does, none cut short at 160×45.
        for (keys, action) in KeyBindings.all {
            #expect(lines.contains { $0.contains(keys) && $0.contains(action) }, "\(keys): \(action)")
        }
        _ = dashboard.handle(.key(.escape))
        #expect(!dashboard.screen().contains(text: "faxtop keys"))
        #expect(dashboard.handle(.character("q")) == .quit)
        #expect(dashboard.handle(.key(.ctrl("c"))) == .quit)
    }

    @Test func mouseClickSelectsAndWheelScrolls() throws {
        var dashboard = try Dashboard.make()
        _ = dashboard.screen()
        _ = dashboard.handle(.click(row: 5, col: 10))  // second feed row
        #expect(dashboard.selectedRecord?.seq == 2)
        _ = dashboard.handle(.wheelDown(row: 5, col: 10))
        #expect(dashboard.selectedRecord?.seq == 5)
    }
}
