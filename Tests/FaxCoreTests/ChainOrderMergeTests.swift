import FaxCore
import Testing

/// The chains pane's order brought up to date by merging the changed chains in gives the order a full
/// sort gives, whatever arrives: new sessions, retries of old ones, failures, equal times.
@Suite struct ChainOrderMergeTests {
    @Test(arguments: [1, 2, 3, 4, 5])
    func mergingTheChangedChainsGivesTheSortedOrder(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var chains = RetryChains()
        var seq: Int64 = 0
        func add(session: Int, retry: Bool) {
            seq += 1
            let id = String(format: "s%04d", session)
            let status = random.next() % 4 == 0 ? "failed_no_answer" : "success"
            // Coarse arrival times, so that many chains tie on the time and are told apart by id.
            let receivedAt = 1_792_000_000_000 + Int64(random.next() % 50) * 1000 + seq / 10 * 1000
            chains.add(Make.record(seq: seq, Make.event(hookID: retry ? "\(id)-r\(seq)" : id, dataID: id, status: status),
                                   receivedAt: receivedAt))
        }
        for session in 0..<300 { add(session: session, retry: false) }
        var order = chains.orderedPositions()
        var sessions = 300
        for _ in 0..<20 {
            var changed: [Int32] = []
            for _ in 0..<Int(random.next() % 30) {
                if random.next() % 3 == 0 {
                    add(session: sessions, retry: false)
                    sessions += 1
                } else {
                    let session = Int(random.next() % UInt64(sessions))
                    add(session: session, retry: true)
                    changed.append(Int32(session))
                }
            }
            order = chains.orderedPositions(updating: order, changed: changed)
            #expect(order == chains.orderedPositions())
        }
    }
}
