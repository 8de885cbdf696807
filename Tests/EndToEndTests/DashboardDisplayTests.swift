import FaxTestSupport
import Foundation
import Testing

/// How the dashboard looks, as the user sees it in the terminal: `--ascii`, `NO_COLOR`/`--no-color`,
/// themes (`t`, `--theme`) and the Numbers pane with its sort orders. Colours are read with
/// `capture-pane -e`.
@Suite(.serialized) struct DashboardDisplayTests {
    static let feedRows = 4..<44

    /// faxtop with `arguments` in tmux, after the four sample faxes and one refused payload arrived, one
    /// at a time (each on screen before the next is sent, so each arrived at a time of its own).
    static func dashboard(_ arguments: [String] = [], environment: [String: String?] = [:]) throws -> TmuxSession {
        let session = try TmuxSession(faxtop: ["watch", "--memory", "--host", "127.0.0.1", "--port", "0", "--log-file", "/dev/null"]
                                      + arguments, environment: environment)
        let url = try session.listeningURL()
        let posts = ["valid/fax_sent_first_attempt.json", "valid/fax_sent_retry.json", "valid/fax_received.json",
                     "valid/fax_received_sdk_field_names.json", "invalid/pages_wrong_type.json"]
        for (index, name) in posts.enumerated() {
            _ = try HTTPPost.send(try Package.fixture(name), to: url)
            // The screen is read while faxtop may still be drawing it: the count and the new row.
            try session.waitFor("delivery \(index + 1) on screen") {
                ScreenRows.lines($0)[row: 2].hasPrefix("  Feed \(index + 1) ") && !ScreenRows.lines($0)[row: 4 + index].isEmpty
            }
        }
        return session
    }

    /// Characters outside ASCII on a screen, each once, in order of appearance.
    static func nonASCII(_ lines: [String]) -> [Character] {
        var seen: [Character] = []
        for character in lines.joined() where !character.isASCII && !seen.contains(character) { seen.append(character) }
        return seen
    }

    // MARK: - --ascii

    /// `--ascii`: the stand-ins take the place of the symbols, arrows, bullets, sparkline blocks and
    /// line drawing, on every pane, the detail, the help and the filter prompt.
    @Test func asciiDrawsWithASCIIStandIns() async throws {
        try await onOwnThread {
            let session = try Self.dashboard(["--ascii"])
            // The received fax once more: a repeated delivery, marked in its row.
            #expect(try HTTPPost.send(try Package.fixture("valid/fax_received.json"), to: try session.listeningURL()).status == 200)
            let feed = ScreenRows.lines(try session.waitFor("the repeat counted and marked") {
                $0.contains(" dup 1 ") && ScreenRows.lines($0)[row: 6].contains(" x2 ")
            })
            #expect(feed[row: 0].hasPrefix(" faxtop * http://127.0.0.1:"), "the bullet: \(feed[row: 0])")
            #expect(feed[row: 1].range(of: #"  30m [.:|#]{30} [0-9.]+/min$"#, options: .regularExpression) != nil,
                    "the sparkline: \(feed[row: 1])")
            let rows = feed[row: 4..<9]
            #expect(rows.map { String($0.dropFirst(9)) } == [
                "> sent       +1 212-555-0147   ->  +1 415-555-0199     3p success                                  6710c3a29e4b1f0c7d2a5e81",
                "> sent       +1 212-555-0147   ->  +1 415-555-0199     3p failed_user_busy                #2       6710c4f01a2b3c4d5e6f7081",
                "< received   +1 646-555-0123   ->  +1 212-555-0147     2p success                             x2   6710c80f5d2e4a9b1c3f7e60",
                "< received   +44 20 7946 0018  ->  +1 212-555-0147     1p success                                  6711aa0000000000000000a1",
                "X 422        127.0.0.1         data.pages: expected a number, got a string",
            ])

            var screens = [("overview", feed)]
            try session.send("v")  // one pane at a time, each at full width
            try session.waitFor("the single-pane layout") { !$0.contains("- Numbers 4 -") }
            try session.send("Tab")
            screens.append(("numbers", ScreenRows.lines(try session.waitFor("the Numbers pane") { $0.contains("last seen activity 30m") })))
            try session.send("Tab")
            screens.append(("chains", ScreenRows.lines(try session.waitFor("the Chains pane") { $0.contains("attempts / gaps / outcome") })))
            let chains = screens.last?.1 ?? []
            #expect(chains.contains { $0.hasPrefix("6710c3a29e4b1f0c7d2a5e81   sent      +1 212-555-0147 -> +1 415-555-0199 + +6m x  -> ") },
                    "a chain's attempts in ASCII: \(chains.joined(separator: "\n"))")
            try session.send("Tab")
            try session.waitFor("the feed again") { $0.contains("hook id") }
            try session.send("Enter")
            screens.append(("detail", ScreenRows.lines(try session.waitFor("the detail pane") { $0.contains("Rejected request #5") })))
            #expect(screens.last?.1.contains { $0.contains("|received at") } == true, "the split pane's border is |")
            try session.send("Escape")
            try session.waitFor("the detail closed") { !$0.contains("Rejected request #5") }
            try session.send("?")
            screens.append(("help", ScreenRows.lines(try session.waitFor("the help") { $0.contains("faxtop keys") })))
            try session.send("Escape")
            try session.waitFor("the help closed") { !$0.contains("faxtop keys") }
            try session.send("/")
            screens.append(("filter prompt", ScreenRows.lines(try session.waitFor("the filter prompt") { $0.contains(" filter: ") })))
            try session.send("Escape")
            try session.waitFor("the prompt closed") { !$0.contains(" filter: ") }
            try session.resize(cols: 80, rows: 24)
            screens.append(("feed at 80 columns", ScreenRows.lines(try session.waitFor("the feed at 80 columns") {
                ScreenRows.lines($0).count == 24 && ScreenRows.lines($0)[row: 3].hasPrefix("time     event")
            })))

            // None of faxtop's Unicode glyphs, line drawing or blocks, on any screen.
            let glyphs = Set("↗↙•⊘✓✗◐─│▁▂▃▄▅▆▇█●")
            for (name, lines) in screens {
                let found = Self.nonASCII(lines).filter(glyphs.contains)
                #expect(found.isEmpty, "\(name): \(String(found))")
            }
            // Every character ASCII, on every screen.
            for (name, lines) in screens {
                #expect(Self.nonASCII(lines).isEmpty, "\(name): \(String(Self.nonASCII(lines)))")
            }
        }
    }

    // MARK: - Colour

    enum NoColor: String, CaseIterable, CustomTestStringConvertible {
        case environment = "NO_COLOR=1", flag = "--no-color"
        var testDescription: String { rawValue }
    }

    /// `NO_COLOR` (any non-empty value) and `--no-color`: not one colour on the screen, in any theme;
    /// the attributes stay, so the selection, the column titles and failures still stand out.
    @Test(arguments: NoColor.allCases)
    func noColorDrawsWithAttributesOnly(_ how: NoColor) async throws {
        try await onOwnThread {
            let session = how == .flag ? try Self.dashboard(["--no-color"]) : try Self.dashboard(environment: ["NO_COLOR": "1"])
            for theme in ["default", "catppuccin-mocha", "dracula"] {
                let screen = try session.waitForStyled("the \(theme) theme") { $0.trimmedLines[row: 2].hasSuffix("follow  theme \(theme)") }
                #expect(screen.colourSequences.isEmpty, "\(theme)")
                #expect(screen.styles.filter(\.hasColour).isEmpty, "\(theme)")
                #expect(screen.highlightedRows(Self.feedRows) == [8], "\(theme): the newest row is selected, in reverse video")
                #expect(screen.style(of: "time", inRow: 3)?.underline == true, "\(theme): column titles underlined")
                #expect(screen.style(of: "failed_user_busy", inRow: 5)?.bold == true, "\(theme): a failure in bold")
                try session.send("t")
            }
        }
    }

    // MARK: - Themes

    /// The colours of a few things on the screen: the header, the column titles, a sent fax's event,
    /// a success, a failure, the selected row.
    static func palette(_ screen: StyledScreen) -> [String: StyledScreen.Style?] {
        [
            "header": screen.style(of: " sent 2", inRow: 1),
            "column titles": screen.style(of: "time", inRow: 3),
            "sent": screen.style(of: "↗ sent", inRow: 4),
            "success": screen.style(of: "success", inRow: 4),
            "failure": screen.style(of: "failed_user_busy", inRow: 5),
            "selected": screen.style(of: "⊘ 422", inRow: 8),
        ]
    }

    /// `t` cycles through every theme, `default` first, then by name, and back: the name at the top
    /// right changes and so do the colours; `--theme light` starts in the colours `t` reaches.
    @Test func tCyclesThemesAndThemeStartsInOne() async throws {
        try await onOwnThread {
            let session = try Self.dashboard()
            let names = ["default", "catppuccin-mocha", "dracula", "gruvbox-dark", "light", "mono", "solarized-dark", "default"]
            var palettes: [String: [String: StyledScreen.Style?]] = [:]
            for (index, name) in names.enumerated() {
                if index > 0 { try session.send("t") }
                let screen = try session.waitForStyled("the \(name) theme") {
                    $0.trimmedLines[row: 2].hasSuffix(" follow  theme \(name)") && (index == 0 || $0.trimmedLines[row: 44].hasSuffix(" theme \(name)"))
                }
                let palette = Self.palette(screen)
                #expect(palette.values.allSatisfy { $0 != nil }, "\(name): every sample drawn in one style: \(palette)")
                if let earlier = palettes[name] {
                    #expect(earlier == palette, "\(name) looks the same the second time round")
                } else {
                    #expect(!palettes.values.contains { $0 == palette }, "\(name) looks like another theme: \(palette)")
                    palettes[name] = palette
                }
            }
            let defaultHeader = palettes["default"]?["header"] ?? nil
            #expect(defaultHeader == StyledScreen.Style(foreground: "5;254", background: "5;237"),
                    "the default header: #d8dee9 on #2e3440 as the nearest of 256 colours")
            #expect(palettes["mono"]?.values.allSatisfy { $0?.hasColour == false } == true, "mono uses the terminal's colours")

            let light = try Self.dashboard(["--theme", "light"])
            let screen = try light.waitForStyled("the light theme") { $0.trimmedLines[row: 2].hasSuffix(" follow  theme light") }
            #expect(Self.palette(screen) == palettes["light"], "--theme light draws what t reached")
        }
    }

    // MARK: - Numbers pane

    /// Numbers rows as drawn at 160 columns up to the retry column: number, sent, received, pages, cost,
    /// failures, success rate, retries. Each number counts a fax as sent from its side and received on
    /// its side, whichever event reported it.
    enum Number {
        static let uk = "+44 20 7946 0018          1      0       1      1.00      0   100%      0"
        static let nyc = "+1 212-555-0147           2      2       9      9.00      1    75%      1"
        static let manhattan = "+1 646-555-0123           1      0       2      2.00      0   100%      0"
        static let sf = "+1 415-555-0199           0      2       6      6.00      1    50%      1"
    }

    /// The Numbers pane's rows below its column titles, each checked to end in its age and activity.
    static func numberRows(_ screen: String) -> [String] {
        ScreenRows.lines(screen).dropFirst(4).prefix { !$0.isEmpty }.map { row in
            let cut = row.prefix(73)
            let rest = row.dropFirst(73)
            return rest.range(of: #"^ +[0-9]+[smh] ago [▁▂▃▄▅▆▇█]{30}$"#, options: .regularExpression) != nil ? String(cut) : row
        }
    }

    /// `v` for one pane at a time, Tab to the Numbers pane: one row per number with its counts, newest
    /// first; `s` sorts by total (sent + received), failures, the number itself, and back to last seen;
    /// the title says which.
    @Test func numbersPaneCountsEachNumberAndSortsWithS() async throws {
        try await onOwnThread {
            let session = try Self.dashboard()
            try session.send("v", "Tab")
            let orders: [(title: String, rows: [String])] = [
                ("last seen", [Number.uk, Number.nyc, Number.manhattan, Number.sf]),
                ("total", [Number.nyc, Number.sf, Number.manhattan, Number.uk]),
                ("failures", [Number.nyc, Number.sf, Number.manhattan, Number.uk]),
                ("number", [Number.nyc, Number.sf, Number.manhattan, Number.uk]),
                ("last seen", [Number.uk, Number.nyc, Number.manhattan, Number.sf]),
            ]
            for (index, order) in orders.enumerated() {
                if index > 0 { try session.send("s") }
                let heading = "number ↓\(order.title)"
                let screen = try session.waitFor("the numbers sorted by \(order.title)") {
                    ScreenRows.lines($0)[row: 3].hasPrefix(heading + String(repeating: " ", count: 20 - heading.count) + "   sent   recv   pages")
                        && (index == 0 || ScreenRows.lines($0)[row: 44].hasSuffix("numbers sorted by \(order.title)"))
                }
                let lines = ScreenRows.lines(screen)
                #expect(lines[row: 2].hasPrefix("  Feed 5   Numbers 4   Chains 3 "), "\(lines[row: 2])")
                #expect(Self.numberRows(screen) == order.rows, "sorted by \(order.title):\n\(lines[row: 3..<9].joined(separator: "\n"))")
            }
        }
    }
}

extension Array where Element == String {
    /// Rows `range` of a screen, as many as there are.
    subscript(row range: Range<Int>) -> [String] {
        let lower = Swift.min(Swift.max(0, range.lowerBound), count)
        return Array(self[lower..<Swift.max(lower, Swift.min(count, range.upperBound))])
    }
}
