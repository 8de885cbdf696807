import Testing
import FaxCore

@Suite("FaxTimestamp")
struct FaxTimestampTests {
    @Test func epochAndKnownValues() {
        #expect(FaxTimestamp.parse("1970-01-01 00:00:00") == 0)
        #expect(FaxTimestamp.parse("1970-01-02 00:00:01") == 86_401)
        #expect(FaxTimestamp.parse("2000-03-01 00:00:00") == 951_868_800)
        #expect(FaxTimestamp.parse("2026-10-17 09:58:12") == 1_792_231_092)
        #expect(FaxTimestamp.parse("1969-12-31 23:59:59") == -1)
    }

    @Test("format ∘ parse is the identity", arguments: [
        "1970-01-01 00:00:00", "1969-12-31 23:59:59", "2024-02-29 12:34:56", "2000-02-29 00:00:00",
        "2026-10-17 09:58:12", "2099-12-31 23:59:59", "1900-03-01 00:00:00", "0001-01-01 00:00:00",
    ])
    func roundTrip(text: String) throws {
        let seconds = try #require(FaxTimestamp.parse(text))
        #expect(FaxTimestamp.format(seconds) == text)
    }

    @Test("parse ∘ format is the identity across many days")
    func roundTripSeconds() {
        var seconds: Int64 = -3_000_000_000
        while seconds < 5_000_000_000 {
            #expect(FaxTimestamp.parse(FaxTimestamp.format(seconds)) == seconds)
            seconds += 7_777_777
        }
    }

    @Test func leapDays() throws {
        #expect(FaxTimestamp.parse("2024-02-29 00:00:00") != nil)
        #expect(FaxTimestamp.parse("2000-02-29 00:00:00") != nil)
        #expect(FaxTimestamp.parse("2023-02-29 00:00:00") == nil)
        #expect(FaxTimestamp.parse("1900-02-29 00:00:00") == nil)
        #expect(FaxTimestamp.parse("2024-02-30 00:00:00") == nil)
        let march = try #require(FaxTimestamp.parse("2024-03-01 00:00:00"))
        #expect(try march - #require(FaxTimestamp.parse("2024-02-28 00:00:00")) == 2 * 86_400)
    }

    @Test("out-of-range or misshapen parts", arguments: [
        "2026-00-10 10:00:00", "2026-13-10 10:00:00", "2026-04-31 10:00:00", "2026-10-00 10:00:00",
        "2026-10-17 24:00:00", "2026-10-17 10:60:00", "2026-10-17 10:00:60", "2026-10-17 9:58:12",
        "2026-10-17  09:58:12", "2026/10/17 09:58:12", "2026-10-17_09:58:12", "2026-1a-17 09:58:12",
        "2026-10-17 09:58:12.000", "2026-10-17 09:58:12+00:00", "2026-10-17 09:58:12z", "2026-10-17",
        "", "Z", "２０２６-10-17 09:58:12", "-026-10-17 09:58:12",
    ])
    func rejected(text: String) {
        #expect(FaxTimestamp.parse(text) == nil)
    }

    @Test("T separator and trailing Z are accepted")
    func isoVariants() {
        let plain = FaxTimestamp.parse("2026-10-17 09:58:12")
        #expect(plain != nil)
        #expect(FaxTimestamp.parse("2026-10-17T09:58:12") == plain)
        #expect(FaxTimestamp.parse("2026-10-17T09:58:12Z") == plain)
        #expect(FaxTimestamp.parse("2026-10-17 09:58:12Z") == plain)
    }

    @Test func iso8601Milliseconds() {
        #expect(FaxTimestamp.iso8601(milliseconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(FaxTimestamp.iso8601(milliseconds: 1_792_231_092_007) == "2026-10-17T09:58:12.007Z")
        #expect(FaxTimestamp.iso8601(milliseconds: 1_792_231_092_999) == "2026-10-17T09:58:12.999Z")
        #expect(FaxTimestamp.iso8601(milliseconds: -1) == "1969-12-31T23:59:59.999Z")
        let text = FaxTimestamp.iso8601(milliseconds: 1_709_210_096_500)
        #expect(text == "2024-02-29T12:34:56.500Z")
        // faxtop's own timestamps parse back (to the second) with the same parser.
        #expect(FaxTimestamp.parse(String(text.prefix(19)) + "Z") == 1_709_210_096)
    }
}
