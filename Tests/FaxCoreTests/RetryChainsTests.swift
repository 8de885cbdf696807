import FaxTestSupport
import Testing
@testable import FaxCore

@Suite("RetryChains")
struct RetryChainsTests {
    static let session = "6710c3a29e4b1f0c7d2a5e81"

    private func attempt(
        seq: Int64, hook: String, data: String = session, at time: String?, status: String = "failed_no_answer"
    ) -> FeedRecord {
        Make.record(seq: seq, Make.event(hookID: hook, dataID: data, eventTime: time, status: status))
    }

    @Test("the sample fixtures form one chain: first attempt, then the retry")
    func fixtures() throws {
        var chains = RetryChains()
        chains.add(Make.record(seq: 1, try Fixtures.event("fax_sent_first_attempt.json")))
        chains.add(Make.record(seq: 2, try Fixtures.event("fax_sent_retry.json")))
        chains.add(Make.record(seq: 3, try Fixtures.event("fax_received.json")))
        #expect(chains.chains.count == 2)
        let chain = try #require(chains.chain(for: Self.session))
        #expect(chain.kind == .sent)
        #expect(chain.from == "+1 212-555-0147" && chain.to == "+1 415-555-0199")
        #expect(chain.attempts.map(\.seq) == [1, 2])
        #expect(chain.firstAttemptSeen)
        #expect(chain.retryCount == 1)
        #expect(chain.attemptNumber(ofSeq: 1) == 1)
        #expect(chain.attemptNumber(ofSeq: 2) == 2)
        #expect(chain.gaps == [378])  // 09:58:12 → 10:04:30
        #expect(chain.finalStatus == .failedUserBusy)
        #expect(chain.hasFailure)
    }

    @Test("the first attempt goes first even when it arrives after its retries")
    func firstAttemptArrivesLate() throws {
        var chains = RetryChains()
        chains.add(attempt(seq: 10, hook: "r-late", at: "2026-10-17 10:05:00"))
        chains.add(attempt(seq: 11, hook: "r-early", at: "2026-10-17 10:02:00"))
        var chain = try #require(chains.chain(for: Self.session))
        #expect(!chain.firstAttemptSeen)
        #expect(chain.attempts.map(\.hookID) == ["r-early", "r-late"])
        #expect(chain.attemptNumber(at: 0) == 2)
        #expect(chain.attemptNumber(ofSeq: 10) == 3)
        #expect(chain.retryCount == 2)

        chains.add(attempt(seq: 12, hook: Self.session, at: "2026-10-17 10:00:00", status: "failed_user_busy"))
        chain = try #require(chains.chain(for: Self.session))
        #expect(chain.firstAttemptSeen)
        #expect(chain.attempts.map(\.hookID) == [Self.session, "r-early", "r-late"])
        #expect(chain.attempts.map { chain.attemptNumber(ofSeq: $0.seq) } == [1, 2, 3])
        #expect(chain.retryCount == 2)
        #expect(chain.gaps == [120, 180])
        #expect(chain.attemptNumber(ofSeq: 99) == nil)
    }

    @Test("retries are ordered by event_time, then by arrival")
    func retryOrder() throws {
        var chains = RetryChains()
        chains.add(attempt(seq: 1, hook: Self.session, at: "2026-10-17 10:00:00"))
        chains.add(attempt(seq: 2, hook: "c", at: "2026-10-17 10:09:00"))
        chains.add(attempt(seq: 3, hook: "a", at: "2026-10-17 10:03:00"))
        chains.add(attempt(seq: 4, hook: "b2", at: "2026-10-17 10:06:00"))
        chains.add(attempt(seq: 5, hook: "b1", at: "2026-10-17 10:06:00"))  // same time: later arrival goes after
        chains.add(attempt(seq: 6, hook: "d", at: "2026-10-17 10:12:00", status: "success"))
        let chain = try #require(chains.chain(for: Self.session))
        #expect(chain.attempts.map(\.hookID) == [Self.session, "a", "b2", "b1", "c", "d"])
        #expect(chain.gaps == [180, 180, 0, 180, 180])
        #expect(chain.finalStatus == .success)
        #expect(chain.hasFailure)
        #expect(chain.retryCount == 5)
    }

    @Test("attempts without an event_time fall back to arrival order; their gaps are unknown")
    func missingEventTimes() throws {
        var chains = RetryChains()
        chains.add(attempt(seq: 1, hook: Self.session, at: nil))
        chains.add(attempt(seq: 2, hook: "x", at: nil))
        chains.add(attempt(seq: 3, hook: "y", at: nil))
        let chain = try #require(chains.chain(for: Self.session))
        #expect(chain.attempts.map(\.hookID) == [Self.session, "x", "y"])
        #expect(chain.gaps == [nil, nil])
    }

    @Test("a chain whose first attempt was never seen numbers its retries from 2 and says so")
    func chainWithoutFirstAttempt() throws {
        var chains = RetryChains()
        chains.add(Make.record(seq: 7, try Fixtures.event("fax_sent_retry.json")))
        let chain = try #require(chains.chain(for: Self.session))
        #expect(!chain.firstAttemptSeen)
        #expect(chain.attempts.count == 1)
        #expect(chain.attemptNumber(at: 0) == 2)
        #expect(chain.attemptNumber(ofSeq: 7) == 2)
        #expect(chain.retryCount == 1)
        #expect(chain.gaps.isEmpty)
    }

    @Test func rejectionsAreNotChained() {
        var chains = RetryChains()
        chains.add(Make.rejection(seq: 1))
        #expect(chains.chains.isEmpty)
    }

    @Test func deliveryCountUpdates() throws {
        var chains = RetryChains()
        chains.add(attempt(seq: 1, hook: Self.session, at: "2026-10-17 10:00:00"))
        chains.add(attempt(seq: 2, hook: "r", at: "2026-10-17 10:01:00"))
        chains.updateDeliveryCount(dataID: Self.session, seq: 2, to: 3)
        chains.updateDeliveryCount(dataID: "unknown", seq: 2, to: 5)
        let chain = try #require(chains.chain(for: Self.session))
        #expect(chain.attempts.map(\.deliveryCount) == [1, 3])
    }

    @Test("ordered(): chains with retries or failures first, then the most recent")
    func ordering() {
        var chains = RetryChains()
        // quiet, older
        chains.add(Make.record(seq: 1, Make.event(hookID: "q-old", dataID: "q-old"), receivedAt: 1_000))
        // quiet, newest of all
        chains.add(Make.record(seq: 2, Make.event(hookID: "q-new", dataID: "q-new"), receivedAt: 9_000))
        // single failed attempt, old
        chains.add(Make.record(seq: 3, Make.event(hookID: "f", dataID: "f", status: "failed_no_answer"), receivedAt: 2_000))
        // a retry that succeeded, a bit newer
        chains.add(Make.record(seq: 4, Make.event(hookID: "r", dataID: "r"), receivedAt: 3_000))
        chains.add(Make.record(seq: 5, Make.event(hookID: "r2", dataID: "r"), receivedAt: 4_000))
        // partial outcome is not a failure
        chains.add(Make.record(seq: 6, Make.event(hookID: "p", dataID: "p", status: "partially_sent"), receivedAt: 5_000))
        #expect(chains.ordered().map(\.dataID) == ["r", "f", "q-new", "p", "q-old"])
        #expect(chains.chain(for: "r")?.lastActivity == 4_000)
        #expect(chains.chain(for: "p")?.hasFailure == false)
        #expect(chains.chain(for: "f")?.hasFailure == true)
    }

    @Test func insufficientCreditCountsAsFailure() {
        var chains = RetryChains()
        chains.add(Make.record(seq: 1, Make.event(hookID: "c", dataID: "c", status: "insufficient_credit")))
        #expect(chains.chain(for: "c")?.hasFailure == true)
    }

    @Test("sessions whose fingerprints collide keep chains of their own")
    func fingerprintCollisions() throws {
        // Two bits of fingerprint: 40 sessions share four values, so most lookups go past a collision.
        var narrow = RetryChains(fingerprintBits: 2)
        var full = RetryChains()
        var seq: Int64 = 0
        for round in 0..<3 {
            for session in 0..<40 {
                seq += 1
                let data = "session-\(session)"
                let hook = round == 0 ? data : "\(data)-retry-\(round)"
                let record = attempt(seq: seq, hook: hook, data: data, at: "2026-10-17 09:\(10 + round):00")
                narrow.add(record)
                full.add(record)
            }
        }
        #expect(narrow.chains == full.chains)
        for session in 0..<40 {
            let chain = try #require(narrow.chain(for: "session-\(session)"))
            #expect(chain.attempts.map(\.hookID) == ["session-\(session)", "session-\(session)-retry-1", "session-\(session)-retry-2"])
        }
        #expect(narrow.chain(for: "session-40") == nil)
        narrow.updateDeliveryCount(dataID: "session-7", seq: 8, to: 3)
        #expect(narrow.chain(for: "session-7")?.attempts.first?.deliveryCount == 3)
        #expect(narrow.chain(for: "session-6")?.attempts.first?.deliveryCount == 1)
    }
}
