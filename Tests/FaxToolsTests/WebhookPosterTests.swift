import FaxCore
import FaxReceiver
import FaxStore
import FaxTestSupport
import Foundation
import Testing
@testable import FaxTools

@Suite(.serialized) struct WebhookPosterTests {
    func withReceiver(_ body: (URL, InterposedStore) async throws -> Void) async throws {
        let store = try InterposedStore()
        let receiver = WebhookReceiver(configuration: ReceiverConfiguration(host: "127.0.0.1", port: 0),
                                       store: store, logger: quietLogger)
        try await withLoopbackServer({ receiver.makeApplication(onBound: $0) }) { port in
            try await body(URL(string: "http://127.0.0.1:\(port)/webhook")!, store)
        }
    }

    @Test func postsAndReportsEveryAnswer() async throws {
        try await withReceiver { url, store in
            let poster = WebhookPoster()
            var builder = PayloadBuilder(seed: 1)
            let body = builder.make(PayloadSpec(), eventTime: 1_792_000_000).body
            let first = try await poster.post(body, to: url)
            #expect(first.status == 200 && first.bodyText == #"{"status":"accepted","seq":1,"attempt":1}"#)
            let again = try await poster.post(body, to: url)
            #expect(again.status == 200 && again.bodyText.contains("duplicate"))
            #expect(try await poster.post(Array("{\"hook\":".utf8), to: url).status == 400)
            #expect(try await poster.post(Array("{\"hook\":{},\"data\":{}}".utf8), to: url).status == 422)
            let get = try await poster.post([], to: url, method: "GET")
            #expect(get.status == 405 && get.header("Allow") == "POST")
            let big = Array("{\"pad\":\"".utf8) + Array(repeating: UInt8(ascii: "x"), count: 70_000) + Array("\"}".utf8)
            #expect(try await poster.post(big, to: url).status == 413)
            let after = builder.make(PayloadSpec(event: "fax_received"), eventTime: 1_792_000_001).body
            #expect(try await poster.post(after, to: url).status == 200, "the same poster keeps working after a 413")
            #expect(try store.totals().events == 2)
        }
    }

    @Test func unreachableReceiverIsANetworkError() async throws {
        var closed = 0
        try await withReceiver { url, _ in closed = url.port ?? 0 }
        await #expect(throws: NetworkError.self) {
            try await WebhookPoster().post([], to: URL(string: "http://127.0.0.1:\(closed)/webhook")!)
        }
    }

    /// The demo's traffic, played over real HTTP, is accepted and refused as the design says.
    @Test func demoTrafficGetsTheDesignedAnswers() async throws {
        try await withReceiver { url, store in
            let generator = TrafficGenerator(seed: 77, configuration: .init(rate: 1_000, initialBurst: 15, start: 1_792_000_000))
            let outcomes = Mutex<[TrafficRunner.Outcome]>([])
            await TrafficRunner(generator: generator).run(base: url, limit: 160) { outcome in
                outcomes.withLock { $0.append(outcome) }
            }
            let all = outcomes.withLock { $0 }
            #expect(all.count == 160)
            var kinds = Set<PlannedRequest.Kind>()
            for outcome in all {
                let answer = try outcome.result.get()
                kinds.insert(outcome.request.kind)
                switch outcome.request.kind {
                case .fax, .retry, .otherEvent:
                    #expect(answer.status == 200 && answer.bodyText.contains("accepted"), "\(outcome.request.kind): \(answer.bodyText)")
                case .duplicate:
                    #expect(answer.status == 200 && answer.bodyText.contains("duplicate"))
                case .malformed: #expect(answer.status == 400, "\(answer.bodyText)")
                case .invalid: #expect(answer.status == 422, "\(answer.bodyText)")
                case .wrongMethod: #expect(answer.status == 405)
                case .oversize: #expect(answer.status == 413)
                case .wrongToken: Issue.record("no token configured")
                }
            }
            #expect(kinds.isSuperset(of: [.fax, .retry, .malformed, .invalid]))
            let totals = try store.totals()
            #expect(totals.rejected == all.filter { [.malformed, .invalid, .wrongMethod, .oversize].contains($0.request.kind) }.count)
        }
    }
}

import Synchronization
