import FaxCore

/// The mutations the decoder fuzzer applies: byte-level noise plus the structural attacks a hostile
/// sender would try (deep nesting, huge numbers, invalid UTF-8, control characters, long strings,
/// values of the wrong type).
struct FuzzMutator {
    let seeds: [[UInt8]]

    /// Bytes that matter to a JSON parser, so random inserts hit its branches more often than noise.
    private static let interesting: [UInt8] = Array("{}[]\":,\\-+.eE0123456789tfnu \t\r\n".utf8) + [0x00, 0x1B, 0x7F, 0x80, 0xC0, 0xFF]
    private static let numbers: [String] = [
        "1e999999", "-1e999999", "1e-999999", "123456789012345678901234567890123456789", "1.7976931348623157e309",
        "-0", "0.0000000000000000000000001", "9223372036854775808", "-9223372036854775809", "1" + String(repeating: "0", count: 400),
        "NaN", "Infinity", "01", "1.", ".5", "1e", "--1", "100001", "100000", "99999.5",
    ]
    private static let values: [String] = [
        "null", "true", "false", "[]", "{}", "\"\"", "\"x\"", "0", "-1", "1.5", "[1,2]", "{\"a\":null}",
        "\"2026-13-45 99:99:99\"", "\"2026-10-17 09:58:12\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\\ud800\"",
        "\"\\u001b[2J\\u001b]0;pwned\\u0007\"", "\"\u{202E}evil\"",
    ]
    private static let invalidUTF8: [[UInt8]] = [
        [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],
        [0xEF, 0xBB, 0xBF],
    ]

    func mutate(_ input: [UInt8], using rng: inout SplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0...rng.below(3) { bytes = mutateOnce(bytes, using: &rng) }
        return bytes
    }

    private func mutateOnce(_ input: [UInt8], using rng: inout SplitMix64) -> [UInt8] {
        var bytes = input
        let at = bytes.isEmpty ? 0 : rng.below(bytes.count + 1)
        switch rng.below(13) {
        case 0: // bit flips
            guard !bytes.isEmpty else { return [UInt8(truncatingIfNeeded: rng.next())] }
            for _ in 0...rng.below(4) { bytes[rng.below(bytes.count)] ^= 1 << UInt8(rng.below(8)) }
        case 1: // insert a byte
            bytes.insert(rng.oneIn(2) ? Self.interesting[rng.below(Self.interesting.count)] : UInt8(truncatingIfNeeded: rng.next()), at: at)
        case 2: // delete a range
            guard !bytes.isEmpty else { return bytes }
            let start = rng.below(bytes.count)
            bytes.removeSubrange(start..<min(bytes.count, start + 1 + rng.below(16)))
        case 3: // duplicate a range elsewhere
            guard !bytes.isEmpty else { return bytes }
            let start = rng.below(bytes.count)
            let chunk = bytes[start..<min(bytes.count, start + 1 + rng.below(64))]
            bytes.insert(contentsOf: chunk, at: rng.below(bytes.count + 1))
        case 4: // splice: the head of this input with the tail of a seed
            let other = seeds[rng.below(seeds.count)]
            bytes = Array(bytes[..<at]) + Array(other[(other.isEmpty ? 0 : rng.below(other.count))...])
        case 5: // truncation
            bytes.removeSubrange(at...)
        case 6: // deep nesting, balanced or not: the parser must stop at its depth limit, not the stack
            let depth = 1 + rng.below(rng.oneIn(8) ? 100_000 : 200)
            let (open, close) = rng.oneIn(2) ? ("[", "]") : ("{\"a\":", "}")
            var nest = Array(String(repeating: open, count: depth).utf8)
            if rng.oneIn(2) { nest += Array("1".utf8) + Array(String(repeating: close, count: depth).utf8) }
            bytes.insert(contentsOf: nest, at: at)
        case 7: // huge or malformed numbers
            bytes.insert(contentsOf: Array(Self.numbers[rng.below(Self.numbers.count)].utf8), at: at)
        case 8: // invalid UTF-8 (raw, so inside strings too)
            bytes.insert(contentsOf: Self.invalidUTF8[rng.below(Self.invalidUTF8.count)], at: at)
        case 9: // raw control characters
            for _ in 0...rng.below(4) { bytes.insert(UInt8(rng.below(0x20)), at: min(at, bytes.count)) }
        case 10: // a long string value
            let length = rng.oneIn(16) ? 100_000 + rng.below(400_000) : rng.below(5_000)
            bytes.insert(contentsOf: [0x22] + [UInt8](repeating: UInt8(0x41 + rng.below(26)), count: length) + [0x22], at: at)
        case 11: // a value of another type after a key: exercises every 422 path
            return replaceValue(bytes, with: Self.values + Self.numbers, using: &rng)
        default: // a JSON escape inside a string, valid or not
            let escapes = ["\\u001b", "\\u0000", "\\ud800", "\\udfff", "\\u202e", "\\x41", "\\", "\\u12", "\\uZZZZ"]
            bytes.insert(contentsOf: Array(escapes[rng.below(escapes.count)].utf8), at: at)
        }
        return bytes
    }

    /// Finds a `":` (a key's end), skips the value after it, and puts another one in its place.
    private func replaceValue(_ bytes: [UInt8], with choices: [String], using rng: inout SplitMix64) -> [UInt8] {
        var colons: [Int] = []
        for i in 1..<max(1, bytes.count) where bytes[i] == UInt8(ascii: ":") && bytes[i - 1] == UInt8(ascii: "\"") { colons.append(i) }
        guard !colons.isEmpty else { return bytes }
        let start = colons[rng.below(colons.count)] + 1
        var end = start
        while end < bytes.count, bytes[end] == 0x20 { end += 1 }
        if end < bytes.count, bytes[end] == 0x22 {
            end += 1
            while end < bytes.count, bytes[end] != 0x22 { end += bytes[end] == 0x5C ? 2 : 1 }
            end = min(bytes.count, end + 1)
        } else {
            while end < bytes.count, !",}]".utf8.contains(bytes[end]) { end += 1 }
        }
        let value = Array(choices[rng.below(choices.count)].utf8)
        return Array(bytes[..<start]) + value + Array(bytes[end...])
    }
}
