import FaxCore
import FaxDashboard
import Foundation

/// `faxtop-bench ui [N...]`: frame, filter and key-to-frame times and resident memory with N events.
struct UIBenchmark {
    let sizes: [Int]

    func run() {
        print("faxtop UI benchmark (release build recommended). Terminal 160×45, in-memory driver, "
              + (Self.overview ? "overview layout (FAXTOP_BENCH_LAYOUT=single for one pane)." : "one pane at a time."))
        print(Self.layoutLine())
        print("events     load s   frame p50/p99 ms   filter→frame ms (3 queries) [panes counted]   key→frame p99 ms @1000/s (filtered)   changed cells/frame   RSS MB")
        for size in sizes { measure(size) }
    }

    private func measure(_ count: Int) {
        var traffic = SyntheticTraffic()
        var dashboard = Dashboard(info: ReceiverInfo(url: "http://127.0.0.1:8080/webhook"))
        dashboard.state.overviewPreferred = Self.overview
        let start = Date().timeIntervalSince1970
        var now = Int64(start * 1000) - Int64(count) * 10
        var batch: [Delivery] = []
        batch.reserveCapacity(10_000)
        for _ in 0..<count {
            now += 10
            batch.append(traffic.next(at: now))
            if batch.count == 10_000 { dashboard.apply(batch); batch.removeAll(keepingCapacity: true) }
        }
        dashboard.apply(batch)
        let loadSeconds = Date().timeIntervalSince1970 - start
        let size = TerminalSize(rows: 45, cols: 160)
        let terminal = InMemoryTerminal(rows: 45, cols: 160)

        // Frame time: the selection moving in the feed, then in the Numbers and the Chains pane (in the
        // overview, all three are drawn in every frame; Tab moves the focus).
        var frames: [Double] = []
        for i in 0..<300 {
            if i == 100 { _ = dashboard.handle(.key(.tab)) }
            if i == 200 { _ = dashboard.handle(.key(.tab)) }
            _ = dashboard.handle(.character(i % 2 == 0 ? "k" : "j"))
            frames.append(Self.time { terminal.draw(dashboard.render(size: size, now: now), theme: dashboard.theme) })
        }
        _ = dashboard.handle(.key(.tab))

        // Filter time over every record, to the frame that shows it.
        var filterTimes: [Double] = []
        var countedTimes: [Double] = []
        for query in ProcessInfo.processInfo.environment["FAXTOP_BENCH_FILTERS"].map({ $0.components(separatedBy: ",") })
            ?? ["status:failed", "number:555 !is:dup", "fax-12"] {
            // Until the filtered screen is drawn, and until Numbers and Chains are counted from the filtered
            // feed (a slice a frame, each frame drawn at once).
            let started = DispatchTime.now().uptimeNanoseconds
            filterTimes.append(Self.time {
                dashboard.setFilter(query)
                terminal.draw(dashboard.render(size: size, now: now), theme: dashboard.theme)
            })
            while dashboard.isCounting { terminal.draw(dashboard.render(size: size, now: now), theme: dashboard.theme) }
            countedTimes.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
        }
        dashboard.setFilter("")

        // Key press to redrawn screen while 1,000 events/s arrive (16 per 16 ms frame), with no filter and
        // then with one (the Numbers and Chains panes then count what the filtered feed gains).
        var keyTimes: [Double] = []
        var filteredKeyTimes: [Double] = []
        var changed: [Int] = []
        for i in 0..<600 {
            if i == 300 { dashboard.setFilter("status:failed") }
            var fresh: [Delivery] = []
            for _ in 0..<16 { now += 1; fresh.append(traffic.next(at: now)) }
            let key: InputEvent = i % 3 == 0 ? .character("k") : .character("j")
            let elapsed = Self.time {
                dashboard.apply(fresh)
                _ = dashboard.handle(key)
                terminal.draw(dashboard.render(size: size, now: now), theme: dashboard.theme)
            }
            if i < 300 { keyTimes.append(elapsed) } else if i > 300 { filteredKeyTimes.append(elapsed) }
            if i < 300 { changed.append(terminal.lastChangedCells) }
        }
        let rss = Self.residentMegabytes()
        print(String(format: "%-10d %6.1f   %6.2f / %6.2f      %@ [%@]   %22.2f (%6.2f)   %19.0f   %6.0f",
                     count, loadSeconds, Self.percentile(frames, 0.5), Self.percentile(frames, 0.99),
                     filterTimes.map { String(format: "%6.1f", $0) }.joined(separator: " ") as NSString,
                     countedTimes.map { String(format: "%.0f", $0) }.joined(separator: " ") as NSString,
                     Self.percentile(keyTimes, 0.99), Self.percentile(filteredKeyTimes, 0.99),
                     Double(changed.reduce(0, +)) / Double(changed.count), rss))
    }

    /// The overview unless `FAXTOP_BENCH_LAYOUT=single`.
    static var overview: Bool { ProcessInfo.processInfo.environment["FAXTOP_BENCH_LAYOUT"] != "single" }

    static func time(_ body: () -> Void) -> Double {
        let t0 = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }

    /// Anonymous resident memory (heap), without file pages such as a memory-mapped database.
    static func anonymousMegabytes() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("RssAnon:") }),
              let kb = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap({ Double($0) })
        else { return -1 }
        return kb / 1024
    }

    static func residentMegabytes() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let pages = text.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return -1 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }
}

extension UIBenchmark {
    /// Sizes of the per-event structures, printed with the figures so memory changes can be explained.
    static func layoutLine() -> String {
        "layout: FeedRecord \(MemoryLayout<FeedRecord>.stride) B, chain \(MemoryLayout<RetryChains.Chain>.stride) B, "
            + "attempt \(MemoryLayout<RetryChains.Attempt>.stride) B per value (strings share storage with the record)"
    }
}
