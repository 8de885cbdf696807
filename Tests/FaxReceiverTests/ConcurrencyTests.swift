import FaxCore
import FaxReceiver
import Testing

@Suite struct ConcurrencyTests {
    struct Answer: Sendable {
        let event: Int
        let status: String
        let seq: Int64
        let httpStatus: Int
    }

    /// 16 clients post 500 distinct deliveries, many of them several times, all at once. Every
    /// "accepted" answer must be one stored event, and every delivery count exact.
    @Test func manyClientsDistinctAndRepeatedDeliveries() async throws {
        let distinct = 500
        // Event i is sent 1 + i % 3 times: 1000 requests in all, repeats racing each other.
        var sends: [Int] = []
        for event in 0..<distinct { sends += Array(repeating: event, count: 1 + event % 3) }
        sends.shuffle()
        let plan = sends
        try await TestServer.with { server async throws in
            let answers = try await Self.send(plan, clients: 16, to: server)
            try Self.check(answers, plan: plan, distinct: distinct, server: server)
        }
    }

    static func send(_ plan: [Int], clients: Int, to server: TestServer) async throws -> [Answer] {
        try await withThrowingTaskGroup(of: [Answer].self) { group in
            for client in 0..<clients {
                group.addTask {
                    var answers: [Answer] = []
                    for index in stride(from: client, to: plan.count, by: clients) {
                        let event = plan[index]
                        let reply = try await server.post(Payloads.fax(hookID: "hook\(event)", dataID: "data\(event / 2)"))
                        let json = reply.json
                        answers.append(Answer(event: event, status: json["status"] as? String ?? reply.body,
                                              seq: Int64(json["seq"] as? Int ?? -1), httpStatus: reply.status))
                    }
                    return answers
                }
            }
            var all: [Answer] = []
            for try await answers in group { all += answers }
            return all
        }
    }

    static func check(_ answers: [Answer], plan: [Int], distinct: Int, server: TestServer) throws {
        #expect(answers.count == plan.count)
        #expect(answers.allSatisfy { $0.httpStatus == 200 })
        var acceptedSeqs: [Int: [Int64]] = [:]
        var duplicateAnswers: [Int: Int] = [:]
        for answer in answers {
            switch answer.status {
            case "accepted": acceptedSeqs[answer.event, default: []].append(answer.seq)
            case "duplicate": duplicateAnswers[answer.event, default: 0] += 1
            default: Issue.record("unexpected answer \(answer.status)")
            }
        }
        #expect(acceptedSeqs.count == distinct)
        #expect(acceptedSeqs.values.allSatisfy { $0.count == 1 }, "each event accepted exactly once")
        let totals = try server.store.totals()
        #expect(totals.events == distinct)
        #expect(totals.deliveries == plan.count)
        #expect(totals.rejected == 0)

        // The store's final delivery count for each event equals how often it was sent, and every
        // duplicate answer names the seq of its event's one acceptance.
        var finalCount: [Int64: Int] = [:]
        for delivery in try server.deliveries {
            if case .duplicate(let d) = delivery { finalCount[d.eventSeq] = max(finalCount[d.eventSeq] ?? 1, d.deliveryCount) }
        }
        for event in 0..<distinct {
            guard let seq = acceptedSeqs[event]?.first else { continue }
            #expect(duplicateAnswers[event, default: 0] == event % 3)
            #expect(finalCount[seq, default: 1] == 1 + event % 3)
        }
        for answer in answers where answer.status == "duplicate" {
            #expect(answer.seq == acceptedSeqs[answer.event]?.first)
        }
    }
}
