import Testing
@testable import FaxStore

/// The in-memory store's storage behaves as the array and dictionary it replaces, across chunk and
/// shard boundaries.
@Suite struct GrowthWithoutCopiesTests {
    @Test func chunkedArrayKeepsOrderAcrossChunks() {
        var array = ChunkedArray<Int>()
        for n in 0..<200_000 { array.append(n * 3) }
        #expect(array.count == 200_000)
        #expect(array[0] == 0 && array[65_535] == 65_535 * 3 && array[65_536] == 65_536 * 3 && array[199_999] == 199_999 * 3)
        #expect(array.elements(65_534...65_538) == [65_534, 65_535, 65_536, 65_537, 65_538].map { $0 * 3 })
    }

    @Test func shardedDictionaryAnswersLikeADictionary() {
        var sharded = ShardedDictionary<String, Int>()
        var plain: [String: Int] = [:]
        for n in 0..<10_000 {
            let key = "k\(n % 3_000)"
            sharded[key, default: 0] += n
            plain[key, default: 0] += n
        }
        sharded["gone"] = 1
        sharded["gone"] = nil
        for n in 0..<3_000 { #expect(sharded["k\(n)"] == plain["k\(n)"]) }
        #expect(sharded["gone"] == nil && sharded["never"] == nil)
    }
}
