import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The writer thread's own CPU time per batch, by phase, printed to stderr every 2,000 batches when
/// `FAXTOP_WRITER_STATS` is set (for benchmarks; off by default, and then it costs nothing).
///
/// On a busy two-core machine a wall clock cannot tell the writer's cost from its waits for a core
/// or for the disk; its thread CPU time can, and that is what each change to the writer is judged by.
struct WriterCPUStats {
    enum Phase: Int { case writing, committing, handingOver }

    static let enabled = ProcessInfo.processInfo.environment["FAXTOP_WRITER_STATS"] != nil
    private static let reportEvery = 2_000

    private var batches = 0
    private var deliveries = 0
    private var seconds = [0.0, 0.0, 0.0]
    private var phaseStart = 0.0

    /// Starts timing a batch's first phase.
    mutating func begin() {
        guard Self.enabled else { return }
        phaseStart = Self.threadCPUTime()
    }

    /// Ends `phase` (and starts the next).
    mutating func end(_ phase: Phase) {
        guard Self.enabled else { return }
        let now = Self.threadCPUTime()
        seconds[phase.rawValue] += now - phaseStart
        phaseStart = now
    }

    mutating func finishBatch(of size: Int) {
        guard Self.enabled else { return }
        batches += 1
        deliveries += size
        guard batches == Self.reportEvery else { return }
        let perBatch = seconds.map { $0 * 1e6 / Double(batches) }
        let perDelivery = seconds.reduce(0, +) * 1e6 / Double(deliveries)
        let line = String(
            format: "writer: %d batches, %.1f deliveries each; CPU per batch: writing %.0f us, commit %.0f us, "
                + "hand-over %.0f us; %.1f us per delivery\n",
            batches, Double(deliveries) / Double(batches), perBatch[0], perBatch[1], perBatch[2], perDelivery)
        FileHandle.standardError.write(Data(line.utf8))
        self = WriterCPUStats()
    }

    private static func threadCPUTime() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
