import FaxCore
import Testing
@testable import FaxTools

@Suite struct TrafficGeneratorTests {
    static let start: Int64 = 1_792_000_000  // 2026-10-14

    func stream(seed: UInt64, count: Int, token: String? = nil) -> [PlannedRequest] {
        Array(TrafficGenerator(seed: seed, configuration: .init(token: token, start: Self.start)).prefix(count))
    }

    @Test func sameSeedGivesTheSameStream() {
        #expect(stream(seed: 42, count: 500) == stream(seed: 42, count: 500))
        #expect(stream(seed: 42, count: 500) != stream(seed: 43, count: 500))
    }

    @Test func firstSecondIsABurstOfFifteen() {
        let first = stream(seed: 7, count: 15)
        #expect(first.map(\.delayBeforeMs).reduce(0, +) < 1_000)
        #expect(first.filter { $0.kind == .fax || $0.kind == .retry }.count >= 10)
        #expect(first.contains { $0.kind == .invalid } && first.contains { $0.kind == .duplicate },
                "the opening burst shows a rejection and a duplicate")
    }

    @Test func averageRateIsAboutTheConfiguredOne() {
        let items = stream(seed: 1, count: 10_000)
        let seconds = Double(items.map(\.delayBeforeMs).reduce(0, +)) / 1000
        let rate = Double(items.count) / seconds
        #expect(rate > 1.8 && rate < 3.0, "rate \(rate)/s")
        // bursts: some gaps well under the mean
        #expect(items.dropFirst(15).filter { $0.delayBeforeMs < 170 }.count > 200)
    }

    @Test func mixOfKindsOverTenThousand() {
        let items = stream(seed: 2026, count: 10_000)
        var counts: [PlannedRequest.Kind: Int] = [:]
        for item in items { counts[item.kind, default: 0] += 1 }
        func share(_ kind: PlannedRequest.Kind) -> Double { Double(counts[kind, default: 0]) / Double(items.count) }
        #expect(share(.fax) > 0.70)
        #expect(share(.retry) > 0.05 && share(.retry) < 0.20, "retry \(share(.retry))")
        #expect(share(.duplicate) > 0.02 && share(.duplicate) < 0.08, "dup \(share(.duplicate))")
        #expect(share(.malformed) > 0.012 && share(.malformed) < 0.04)
        #expect(share(.invalid) > 0.012 && share(.invalid) < 0.04)
        #expect(share(.wrongMethod) > 0.005 && share(.wrongMethod) < 0.03)
        #expect(counts[.oversize, default: 0] > 5)
        #expect(counts[.otherEvent, default: 0] > 30)
        #expect(counts[.wrongToken, default: 0] == 0, "no token configured, so no wrong tokens")
    }

    @Test func aboutAThirdOfFaxesFail() throws {
        let decoder = WebhookDecoder()
        var failed = 0, total = 0
        for item in stream(seed: 99, count: 10_000) where item.kind == .fax || item.kind == .retry {
            let event = try decoder.decode(item.body)
            total += 1
            if event.status?.outcome == .failed { failed += 1 }
        }
        let share = Double(failed) / Double(total)
        #expect(share > 0.27 && share < 0.42, "failed share \(share)")
    }

    @Test func everyBodyGetsTheAnswerItsKindPromises() {
        let decoder = WebhookDecoder()
        for item in stream(seed: 5, count: 5_000) {
            switch item.kind {
            case .fax, .retry, .duplicate, .otherEvent, .wrongToken, .oversize:
                #expect(throws: Never.self) { try decoder.decode(item.body) }
            case .malformed:
                #expect(throws: PayloadError.self) { try decoder.decode(item.body) }
                do throws(PayloadError) { _ = try decoder.decode(item.body) } catch { #expect(error.kind == .malformed) }
            case .invalid:
                do throws(PayloadError) {
                    _ = try decoder.decode(item.body)
                    Issue.record("accepted an invalid body: \(String(decoding: item.body, as: UTF8.self))")
                } catch { #expect(error.kind == .invalid, "\(error)") }
            case .wrongMethod:
                #expect(item.method != "POST")
            }
            if item.kind == .oversize { #expect(item.body.count > 65_536) }
        }
    }

    @Test func retriesContinueEarlierSessionsLater() throws {
        let decoder = WebhookDecoder()
        var firsts: [String: FaxEvent] = [:]
        var attempts: [String: [FaxEvent]] = [:]
        var seenBodies = Set<[UInt8]>()
        var startedLate = Set<String>()  // chains that may still be running when the sample ends
        for (index, item) in stream(seed: 11, count: 10_000).enumerated() {
            switch item.kind {
            case .fax:
                let event = try decoder.decode(item.body)
                #expect(event.isFirstAttempt)
                firsts[event.dataID] = event
                if index > 9_800 { startedLate.insert(event.dataID) }
                attempts[event.dataID] = [event]
            case .retry:
                let event = try decoder.decode(item.body)
                #expect(!event.isFirstAttempt)
                let first = try #require(firsts[event.dataID], "a retry must continue an earlier session")
                let previous = try #require(attempts[event.dataID]?.last)
                #expect(event.eventTimeSeconds! > previous.eventTimeSeconds!)
                #expect(event.file == first.file && event.to == first.to && event.hookEvent == "fax_sent")
                #expect(previous.status?.outcome == .failed, "only a failed attempt is retried")
                attempts[event.dataID, default: []].append(event)
            case .duplicate:
                #expect(seenBodies.contains(item.body), "a duplicate repeats an earlier body exactly")
            default: break
            }
            seenBodies.insert(item.body)
        }
        let chains = attempts.filter { $0.value.count > 1 && !startedLate.contains($0.key) }.map(\.value)
        #expect(chains.count > 200)
        #expect(chains.allSatisfy { $0.count <= 4 })
        let succeeded = chains.filter { $0.last?.status == .success }.count
        let gaveUp = chains.filter { $0.last?.status?.outcome == .failed }.count
        #expect(succeeded > 50 && gaveUp > 50, "succeeded \(succeeded), gave up \(gaveUp)")
        #expect(chains.filter { $0.last?.status?.outcome == .failed }.allSatisfy { $0.count >= 3 },
                "a chain gives up only after 3 or 4 attempts")
    }

    @Test func numbersComeInRealWorldSpellings() throws {
        let decoder = WebhookDecoder()
        var numbers = Set<String>()
        for item in stream(seed: 3, count: 3_000) where item.kind == .fax {
            let event = try decoder.decode(item.body)
            numbers.insert(event.from ?? "")
            numbers.insert(event.to ?? "")
        }
        #expect(numbers.contains("+12125550147"))
        #expect(numbers.contains("+1 212-555-0148"))
        #expect(numbers.contains("+44 20 7946 0018"))
        #expect(numbers.contains { PhoneNumber.digits($0).isEmpty && !$0.isEmpty }, "free-account user ids")
        #expect(numbers.count >= 10)
    }

    @Test func tokenIsCarriedAndSometimesWrong() {
        let items = stream(seed: 8, count: 3_000, token: "s3cret+/")
        let wrong = items.filter { $0.kind == .wrongToken }
        #expect(wrong.count > 15)
        #expect(wrong.allSatisfy { !$0.query.contains("s3cret") && !$0.pathSuffix.contains("s3cret") })
        #expect(items.filter { $0.kind != .wrongToken }.allSatisfy { $0.query == "token=s3cret%2B%2F" })
    }

    @Test func plannedURLKeepsThePathAndAddsTheQuery() {
        let base = URL(string: "http://127.0.0.1:41234/webhook")!
        #expect(PlannedRequest(kind: .fax, query: "token=a", body: []).url(base: base).absoluteString
                == "http://127.0.0.1:41234/webhook?token=a")
        #expect(PlannedRequest(kind: .wrongToken, pathSuffix: "/nope", body: []).url(base: base).absoluteString
                == "http://127.0.0.1:41234/webhook/nope")
    }

    @Test func rngIsStableAcrossPlatforms() {
        var rng = SplitMix64(seed: 0)
        // Reference values of SplitMix64 for seed 0.
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
    }
}

import Foundation
