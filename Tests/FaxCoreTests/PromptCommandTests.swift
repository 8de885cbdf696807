import FaxCore
import Testing

@Suite struct TimeTargetTests {
    /// 2026-12-03 12:00:00 UTC.
    static let noon: Int64 = 1_796_299_200_000

    @Test func timesOfDayAreTheirLatestOccurrence() throws {
        #expect(try #require(TimeTarget.parse("11:30")).milliseconds(now: Self.noon) == Self.noon - 1_800_000)
        #expect(try #require(TimeTarget.parse("12:00:00")).milliseconds(now: Self.noon) == Self.noon)
        let yesterday: Int64 = Self.noon - 86_400_000 + 9_000_000
        #expect(try #require(TimeTarget.parse("14:30")).milliseconds(now: Self.noon) == yesterday, "later than now today: yesterday's")
        #expect(TimeTarget.parse("09:05:07") == .timeOfDay(seconds: 32_707))
    }

    @Test func datesAndTimesAreUTC() throws {
        #expect(TimeTarget.parse("2026-12-01") == .instant(1_796_083_200_000))
        #expect(TimeTarget.parse("2026-12-01 14:30") == .instant(1_796_135_400_000))
        #expect(TimeTarget.parse("2026-12-01T14:30:15Z") == .instant(1_796_135_415_000))
    }

    @Test func timesAgo() throws {
        #expect(TimeTarget.parse("-2h") == .ago(seconds: 7200))
        #expect(TimeTarget.parse("-1h30m") == .ago(seconds: 5400))
        #expect(TimeTarget.parse(" -90s ") == .ago(seconds: 90))
        let twoDaysAgo: Int64 = Self.noon - 172_800_000
        #expect(try #require(TimeTarget.parse("-2d")).milliseconds(now: Self.noon) == twoDaysAgo)
    }

    @Test(arguments: ["", "-", "-2", "-2x", "-h", "24:00", "12:60", "1:30", "12:30:", "2026-13-01", "tomorrow", "12h", "-９h"])
    func notTimes(text: String) {
        #expect(TimeTarget.parse(text) == nil, "\(text)")
    }
}

@Suite struct PromptCommandTests {
    @Test func commandsAndTheirShortForms() throws {
        #expect(try PromptCommand.parse("goto 14:30") == .goto(.timeOfDay(seconds: 52_200)))
        #expect(try PromptCommand.parse("  go   -2h ") == .goto(.ago(seconds: 7200)))
        #expect(try PromptCommand.parse("filter status:failed !is:dup") == .filter("status:failed !is:dup"))
        #expect(try PromptCommand.parse("f") == .filter(""), "an empty filter clears it")
        #expect(try PromptCommand.parse("theme dracula") == .theme("dracula"))
        #expect(try PromptCommand.parse("export failures.csv") == .export(path: "failures.csv", format: .csv, overwrite: false))
        #expect(try PromptCommand.parse("e! /tmp/all.JSONL") == .export(path: "/tmp/all.JSONL", format: .jsonl, overwrite: true))
    }

    @Test(arguments: [
        ("frobnicate", "unknown command \":frobnicate\": try :goto, :filter, :theme, :export"),
        ("", "type a command: goto, filter, theme, export"),
        ("goto", "goto needs a time: 14:30, 2026-12-01, 2026-12-01 14:30 or -2h"),
        ("goto soon", "goto: \"soon\" is not a time (14:30, 14:30:15, 2026-12-01, 2026-12-01 14:30, -2h, -90s)"),
        ("theme", "theme needs a name (t cycles the themes)"),
        ("export", "export needs a file name ending in .jsonl or .csv"),
        ("export out.txt", "export: \"out.txt\" must end in .jsonl or .csv (the format follows the name)"),
        ("goto! 14:30", "only :export takes ! (to overwrite a file)"),
    ])
    func errorsSayWhatToType(text: String, message: String) {
        #expect(throws: PromptCommandError(message)) { try PromptCommand.parse(text) }
    }
}
