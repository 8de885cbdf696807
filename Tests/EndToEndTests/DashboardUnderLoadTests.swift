import FaxTestSupport
import Foundation
import Testing

/// The dashboard as a user runs it (the real binary in tmux, webhooks over real HTTP) under live
/// traffic, hostile values and resizes. What is measured is faxtop's own CPU time and the frames it
/// logs (`FAXTOP_FRAME_LOG`), not the test's wall clock: a busy 2-core machine stretches the one, not
/// the other. Bounds are several times what faxtop needs and far below what the defects cost (figures
/// in BENCHMARKS.md come from `scripts/bench-live`).
@Suite(.serialized) struct DashboardUnderLoadTests {
    final class Dashboard {
        let session: TmuxSession
        let url: String
        let pid: pid_t
        let frameLog: String

        init(cols: Int = 160, rows: Int = 45) throws {
            let id = UUID().uuidString
            frameLog = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-e2e-\(id).frames").path
            let logFile = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-e2e-\(id).log").path
            session = try TmuxSession(faxtop: ["watch", "--memory", "--host", "127.0.0.1", "--port", "0", "--log-file", logFile],
                                      cols: cols, rows: rows, environment: ["FAXTOP_FRAME_LOG": frameLog])
            url = try session.listeningURL()
            // faxtop has the log open by now and keeps writing it; the name need not outlive this.
            unlink(logFile)
            let found = try ChildProcess.run("pgrep", ["-f", "--", "--log-file \(logFile)"], timeout: 10)
            guard let pid = found.stdout.split(separator: "\n").compactMap({ pid_t($0) }).first else {
                throw E2EError("no faxtop process found: \(found.stdout)\(found.stderr)")
            }
            self.pid = pid
        }

        deinit {
            session.close()
            unlink(frameLog)
        }

        /// CPU time (user + system) the process has used, in seconds.
        func cpuSeconds() throws -> Double {
            let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
            // Fields after the command name, which is in parentheses and may hold spaces.
            guard let end = stat.lastIndex(of: ")") else { throw E2EError("unreadable /proc/\(pid)/stat: \(stat)") }
            let fields = stat[stat.index(after: end)...].split(separator: " ")
            guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else {
                throw E2EError("unreadable /proc/\(pid)/stat: \(stat)")
            }
            return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))  // utime, stime (fields 14 and 15)
        }

        /// The frames drawn so far: when (wall clock, µs) and the highest sequence number on screen.
        func frames() throws -> [(micros: Int64, seq: Int64)] {
            try String(contentsOfFile: frameLog, encoding: .utf8).split(separator: "\n").compactMap { line in
                let parts = line.split(separator: " ").compactMap { Int64($0) }
                return parts.count == 2 ? (parts[0], parts[1]) : nil
            }
        }

        /// Waits for the next frame faxtop draws and returns when it was drawn.
        func nextFrame(timeout: Double = 10) throws -> Int64 {
            let before = try frames().count
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                let now = try frames()
                if now.count > before, let last = now.last { return last.micros }
                usleep(5_000)
            }
            throw E2EError("no frame drawn within \(timeout) s")
        }

        /// Sends `key` and waits until `predicate` holds on the screen; returns the CPU time faxtop
        /// used meanwhile.
        func cpuFromKeyToScreen(_ key: String, _ description: String, _ predicate: @escaping (String) -> Bool) throws -> Double {
            let before = try cpuSeconds()
            try session.send(key)
            try session.waitFor(description, predicate)
            return try cpuSeconds() - before
        }
    }

    static func payload(_ i: Int, from: String = "+1 212-555-0147") -> Data {
        let id = String(format: "%024x", 0xFA0000 + i)
        return Data("""
            {"hook": {"id": "\(id)", "event": "fax_sent", "event_time": "2026-10-17 09:58:12"},
             "data": {"id": "\(id)", "pages": 1, "from": "\(from)", "to": "+1 415-555-0199", "status": "success", "cost": 1}}
            """.utf8)
    }

    /// Deliveries that arrive within a frame interval share one frame: under live traffic the loop drew
    /// a frame per delivery (89% of a core at 1,000 webhooks/s).
    @Test func liveDeliveriesAreDrawnInPacedFrames() async throws {
        try await onOwnThread {
            let dashboard = try Dashboard()
            let count = 400
            let first = try dashboard.frames().count
            for i in 1...count {
                #expect(try HTTPPost.send(Self.payload(i), to: dashboard.url).status == 200)
            }
            try dashboard.session.waitFor("the last delivery") { $0.contains(String(format: "%024x", 0xFA0000 + count)) }
            let frames = try dashboard.frames().dropFirst(first)
            let shown = try #require(frames.firstIndex { $0.seq >= count }, "a frame shows every delivery")
            let drawing = frames[frames.startIndex...shown]
            let span = Double((drawing.last?.micros ?? 0) - (drawing.first?.micros ?? 0)) / 1_000_000
            // 25 frames a second at most while deliveries arrive (however long posting them took),
            // plus the odd tick; a frame per delivery would be 400.
            #expect(drawing.count <= Int(span / 0.040) + 3, "\(drawing.count) frames for \(count) deliveries in \(span) s")
            let gaps = zip(drawing, drawing.dropFirst()).map { $1.micros - $0.micros }
            let close = gaps.filter { $0 < 20_000 }.count
            #expect(close < 20, "frames under 20 ms apart: \(close) of \(gaps.count)")
        }
    }

    /// The largest hostile values the receiver accepts (64 KiB bodies whose sender number is bidi
    /// controls) fill the screen: a key still costs little, and an idle dashboard stays idle. Escaping
    /// was quadratic and ran on whole values for every row of every frame: a key took 2 s of CPU, idle
    /// 83% of a core.
    @Test func aScreenfulOfHostileValuesDoesNotFreezeTheDashboard() async throws {
        try await onOwnThread {
            let dashboard = try Dashboard()
            let overrides = String(repeating: "\u{202E}", count: 21_000)  // 3 bytes each: about 63 KiB
            for i in 1...40 {
                let answer = try HTTPPost.send(Self.payload(i, from: overrides), to: dashboard.url)
                #expect(answer.status == 200)
            }
            // In the overview the feed ends on row 24; the Numbers and Chains panes show the values too.
            try dashboard.session.waitFor("the hostile rows, escaped") {
                $0.contains("\\u{202E}") && ScreenRows.lines($0)[row: 24].hasSuffix(String(format: "%024x", 0xFA0000 + 40))
            }
            let help = try dashboard.cpuFromKeyToScreen("?", "the help") { $0.contains("faxtop keys") }
            let back = try dashboard.cpuFromKeyToScreen("Escape", "the help to close") { !$0.contains("faxtop keys") }
            #expect(help < 0.5 && back < 0.5, "CPU from key to screen: \(help) s and \(back) s")
            _ = try dashboard.nextFrame()  // the once-a-second refresh: nothing else is pending
            let before = try dashboard.cpuSeconds()
            Thread.sleep(forTimeInterval: 3)  // the span measured, not a wait for something
            let idle = (try dashboard.cpuSeconds() - before) / 3
            #expect(idle < 0.15, "an idle dashboard used \(Int(idle * 100))% of a core")
        }
    }

    /// A resize is drawn at once: it used to wait for the next once-a-second refresh, showing the old
    /// layout cut or padded meanwhile. Each resize follows a refresh just drawn, so the next refresh is a
    /// second away; the frame with the new layout must come well before it.
    @Test func aResizeIsDrawnAtOnce() async throws {
        try await onOwnThread {
            let dashboard = try Dashboard()
            for (cols, rows) in [(60, 15), (150, 40), (70, 20), (120, 35)] {
                let refreshed = try dashboard.nextFrame()
                try dashboard.session.resize(cols: cols, rows: rows)
                let tooSmall = cols < 80 || rows < 24
                try dashboard.session.waitFor("the \(cols)×\(rows) layout") { screen in
                    let lines = ScreenRows.lines(screen)
                    // The tab row's right end ("follow  theme default") sits at the new right edge.
                    return lines.count == rows && (tooSmall ? screen.contains("Terminal too small: \(cols)×\(rows).")
                        : lines[row: 2].hasSuffix(" follow  theme default") && lines[row: 2].count == cols - 1)
                }
                let drawn = try #require(try dashboard.frames().first { $0.micros > refreshed })
                let after = Double(drawn.micros - refreshed) / 1000
                #expect(after < 900, "resize to \(cols)×\(rows) drawn \(Int(after)) ms after the refresh before it")
            }
        }
    }
}
