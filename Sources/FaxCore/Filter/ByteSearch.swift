/// Substring search over raw bytes, for scanning the search columns' text (tens of megabytes at a million
/// records) within a keystroke's budget.
///
/// Sixteen start positions are tested at once: a position is a candidate only when both the needle's first
/// and last bytes are in place, which rules out almost every position with two vector compares; the rest
/// are compared byte by byte. (`memmem` is not visible to Swift on Glibc, and a loop over single bytes is
/// several times slower.)
enum ByteSearch {
    /// The first position in `start..<end` where `needle` begins and ends by `end`, or nil.
    static func firstIndex(
        of needle: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int
    ) -> Int? {
        let n = needle.count
        guard n > 0 else { return start <= end ? start : nil }
        guard end - start >= n, let base = text.baseAddress else { return nil }
        precondition(start >= 0 && end <= text.count)
        let lastStart = end - n
        let first = SIMD16<UInt8>(repeating: needle[0]), last = SIMD16<UInt8>(repeating: needle[n - 1])
        var i = start
        // Both loads stay inside the text: the second ends at i + n - 1 + 16 <= lastStart + n = end.
        while i + 15 <= lastStart {
            let heads = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD16<UInt8>.self)
            let tails = UnsafeRawPointer(base + i + n - 1).loadUnaligned(as: SIMD16<UInt8>.self)
            let candidates = (heads .== first) .& (tails .== last)
            if any(candidates) {
                let lanes = unsafeBitCast(
                    SIMD16<UInt8>(repeating: 0).replacing(with: 0xFF, where: candidates), to: SIMD2<UInt64>.self)
                for half in 0..<2 {
                    var bits = lanes[half]
                    while bits != 0 {
                        let lane = bits.trailingZeroBitCount >> 3
                        let position = i + half * 8 + lane
                        if matches(needle, base + position) { return position }
                        bits &= ~(UInt64(0xFF) << UInt64(lane * 8))
                    }
                }
            }
            i += 16
        }
        while i <= lastStart {
            if base[i] == needle[0], matches(needle, base + i) { return i }
            i += 1
        }
        return nil
    }

    /// Whether the bytes at `at` are the needle's (first and last were already seen to agree or are cheap).
    @inline(__always)
    private static func matches(_ needle: UnsafeBufferPointer<UInt8>, _ at: UnsafePointer<UInt8>) -> Bool {
        var k = 0
        while k < needle.count {
            if at[k] != needle[k] { return false }
            k += 1
        }
        return true
    }
}
