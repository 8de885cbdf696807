import Testing
@testable import FaxCore

@Suite struct InstantTextTests {
    /// 2026-11-29 20:53:44 UTC.
    let base: Int64 = 1_795_985_624_000

    @Test func acceptsTheFormsPeopleTypeAndFaxtopPrints() {
        #expect(InstantText.milliseconds("2026-11-29") == base - (20 * 3600 + 53 * 60 + 44) * 1000)
        #expect(InstantText.milliseconds("2026-11-29 20:53:44") == base)
        #expect(InstantText.milliseconds("2026-11-29T20:53:44") == base)
        #expect(InstantText.milliseconds("2026-11-29T20:53:44Z") == base)
        // `received_at` as `faxtop export` writes it, so an export can resume from its last line.
        #expect(InstantText.milliseconds("2026-11-29T20:53:44.700Z") == base + 700)
        #expect(InstantText.milliseconds("2026-11-29 20:53:44.7") == base + 700)
        #expect(InstantText.milliseconds("2026-11-29T20:53:44.123456789Z") == base + 123)
    }

    @Test func zonesAreTurnedIntoUTC() {
        #expect(InstantText.milliseconds("2026-11-29T21:53:44+01:00") == base)
        #expect(InstantText.milliseconds("2026-11-29T21:53:44+0100") == base)
        #expect(InstantText.milliseconds("2026-11-29T15:23:44.000-05:30") == base)
    }

    @Test func refusesWhatIsNotATime() {
        for text in ["", "yesterday", "1h", "2026-11", "2026-13-01", "2026-02-30", "2026-11-29 24:00:00",
                     "2026-11-29 20:53", "2026-11-29T20:53:44.", "2026-11-29T20:53:44+1", "2026-11-29T20:53:44+25:00",
                     "2026-11-29T20:53:44 UTC", "2026-11-29x20:53:44", "2026-11-29T20:53:44Zjunk", "2026-11-29T20:53:44+01:00:00",
                     "2026-11-29T20:53:44+1:000", "2026-11-29T20:53:44+0:100", "2026-11-29T20:53:44+0100:", "2026-11-29T20:53:44+:0100"] {
            #expect(InstantText.milliseconds(text) == nil, "\(text)")
        }
    }
}
