import FaxCore

/// The fuzzer's draws, kept as they were when it had its own generator, so a `--seed` replays the same run.
extension SplitMix64 {
    /// A value in `0..<bound` (bound > 0); the slight modulo bias does not matter for fuzzing.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// True once in `count` draws on average.
    mutating func oneIn(_ count: Int) -> Bool { below(count) == 0 }
}
