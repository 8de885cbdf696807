import FaxCore
import Foundation
import Testing
@testable import FaxTools

@Suite struct PayloadBuilderTests {
    let now: Int64 = 1_792_000_000

    @Test func defaultPayloadIsAValidFirstAttempt() throws {
        var builder = PayloadBuilder(seed: 1)
        let payload = builder.make(PayloadSpec(), eventTime: now)
        let event = try WebhookDecoder().decode(payload.body)
        #expect(event.hookEvent == "fax_sent")
        #expect(event.isFirstAttempt)
        #expect(event.status == .success)
        #expect(event.eventTime == FaxTimestamp.format(now))
        #expect(try #require(event.startTime.flatMap(FaxTimestamp.parse)) < now)
        #expect(event.pages == payload.pages && event.cost == Double(payload.pages))
        #expect(event.file?.hasSuffix(".tiff") == true)
        #expect(event.fileName == "fax-to-14155550199")
        #expect(event.uid?.count == 32)
        #expect(event.target == PayloadBuilder.defaultTarget)
        for id in [event.hookID, event.dataID] {
            #expect(id.count == 24 && id.allSatisfy(\.isHexDigit) && id == id.lowercased())
        }
    }

    @Test func objectIDsStartWithTheirCreationTime() {
        var builder = PayloadBuilder(seed: 1)
        let id = builder.objectID(at: 0x6710_c3a2)
        #expect(id.hasPrefix("6710c3a2"))
    }

    @Test func overridesAreHonoured() throws {
        var builder = PayloadBuilder(seed: 2)
        let spec = PayloadSpec(event: "fax_received", status: "failed_fs_49", from: "+44 20 7946 0018",
                               to: "+12125550147", pages: 7)
        let event = try WebhookDecoder().decode(builder.make(spec, eventTime: now).body)
        #expect(event.hookEvent == "fax_received")
        #expect(event.status == .failedFs49)
        #expect(event.from == "+44 20 7946 0018" && event.to == "+12125550147")
        #expect(event.pages == 7)
        #expect(event.fileName == "fax-from-442079460018")
    }

    @Test func retryOfKeepsTheSessionWithANewHookID() throws {
        var builder = PayloadBuilder(seed: 3)
        let event = try WebhookDecoder().decode(
            builder.make(PayloadSpec(status: "failed_user_busy", retryOf: "6710c3a29e4b1f0c7d2a5e81"), eventTime: now).body)
        #expect(event.dataID == "6710c3a29e4b1f0c7d2a5e81")
        #expect(event.hookID != event.dataID && event.hookID.count == 24)
        #expect(!event.isFirstAttempt)
    }

    @Test func forcedHookIDAndOtherEvents() throws {
        var builder = PayloadBuilder(seed: 4)
        let event = try WebhookDecoder().decode(
            builder.make(PayloadSpec(event: "fax_page_received", hookID: "abc"), eventTime: now).body)
        #expect(event.hookID == "abc")
        #expect(event.kind == .other("fax_page_received"))
    }

    @Test func awkwardTextIsEscaped() throws {
        var builder = PayloadBuilder(seed: 5)
        let event = try WebhookDecoder().decode(
            builder.make(PayloadSpec(from: "a\"b\\c\u{1b}[2J", to: "free-user-x"), eventTime: now).body)
        #expect(event.from == "a\"b\\c\u{1b}[2J")
        #expect(event.fileName == "fax-to-free-user-x")
    }

    @Test func sameSeedSamePayloads() {
        var a = PayloadBuilder(seed: 9), b = PayloadBuilder(seed: 9)
        #expect(a.make(PayloadSpec(), eventTime: now) == b.make(PayloadSpec(), eventTime: now))
    }

    @Test func fixtureShapeMatches() throws {
        // Same top-level keys, in the same order, as the documented example.
        var builder = PayloadBuilder(seed: 6)
        let json = builder.make(PayloadSpec(), eventTime: now).json
        let keys = ["\"hook\"", "\"id\"", "\"event\"", "\"event_time\"", "\"target\"", "\"data\"", "\"id\"", "\"uid\"",
                    "\"pages\"", "\"from\"", "\"to\"", "\"start_time\"", "\"file\"", "\"file_name\"", "\"cost\"", "\"status\""]
        var rest = Substring(json)
        for key in keys {
            let range = try #require(rest.range(of: key + ":"), "missing \(key)")
            rest = rest[range.upperBound...]
        }
    }
}
