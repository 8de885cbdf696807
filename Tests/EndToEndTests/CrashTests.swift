import FaxTestSupport
import Foundation
import Testing

/// faxtop killed with SIGKILL under load loses nothing it acknowledged: `scripts/crash-test`, three
/// trials against the built binary (BENCHMARKS.md has the long runs, in release). Each trial posts from
/// eight clients for 0.3-2 s, kills faxtop, checks every event answered 200 is in the file, runs
/// SQLite's integrity check and starts faxtop on the file again.
@Suite struct CrashTests {
    @Test func killedUnderLoadItLosesNothingAcknowledged() async throws {
        let script = Package.root.appendingPathComponent("scripts/crash-test").path
        let run = try await ChildProcess.finished("python3", [script, "--trials", "3", "--binary", try Package.binary],
                                                  environment: ["FAXTOP_TOKEN": nil], timeout: 120)
        let output = run.stdout + run.stderr
        #expect(run.status == 0, "\(output)")
        let trials = run.stdout.split(separator: "\n").filter { $0.hasPrefix("trial ") }
        #expect(trials.count == 3 && trials.allSatisfy { $0.hasSuffix("  ok") }, "\(output)")
        let summary = try #require(run.stdout.split(separator: "\n").last { $0.hasPrefix("summary: ") }, "\(output)")
        let numbers = summary.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        // summary: T trials, A acknowledged events, L lost, F failed trials
        try #require(numbers.count == 4, "\(summary)")
        #expect(numbers[0] == 3)
        #expect(numbers[1] > 0, "something was acknowledged: \(summary)")
        #expect(numbers[2] == 0, "lost: \(summary)")
        #expect(numbers[3] == 0, "failed trials: \(output)")
    }
}
