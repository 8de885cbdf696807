import FaxTestSupport
import Foundation
import Testing

/// The dashboard as a user runs it (the real binary in tmux, webhooks over real HTTP) under live
/// traffic, hostile values and resizes. Bounds here are several times what a busy 2-core machine needs
/// and far below what the defects cost (figures in BENCHMARKS.md come from `scripts/bench-live`).
@Suite(.serialized) struct DashboardUnderLoadTests {
    final class Dashboard {
        let session: TmuxSession
        let url: String
        let pid: pid_t
        let frameLog: String
        private let logFile: String

        init(cols: Int = 160, rows: Int = 45) throws {
            let id = UUID().uuidString
            logFile = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-e2e-\(id).log").path
            frameLog = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-e2e-\(id).frames").path
            session = try TmuxSession(
                command: "env -u FAXTOP_TOKEN XDG_CONFIG_HOME=/nonexistent-faxtop-config FAXTOP_FRAME_LOG=\(frameLog) "
                    + "\(try Package.binary) watch --memory --host 127.0.0.1 --port 0 --log-file \(logFile)",
                cols: cols, rows: rows)
            let screen = try session.waitFor("the listening URL") { HTTPPost.listeningURL(in: $0) != nil }
            url = HTTPPost.listeningURL(in: screen)!
            let found = try ChildProcess.run("pgrep", ["-f", "--", "--log-file \(logFile)"], timeout: 10)
            guard let pid = found.stdout.split(separator: "\n").compactMap({ pid_t($0) }).first else {
                throw E2EError("no faxtop process found: \(found.stdout)\(found.stderr)")
            }
            self.pid = pid
        }

        deinit {
            session.close()
            unlink(logFile)
            unlink(frameLog)
        }

        /// CPU time (user + system) the process has used, in seconds.
        func cpuSeconds() throws -> Double {
            let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
            // Fields after the command name, which is in parentheses and may hold spaces.
            let fields = stat[stat.index(after: stat.lastIndex(of: ")")!)...].split(separator: " ")
            let ticks = Double(fields[11])! + Double(fields[12])!  // utime, stime (fields 14 and 15)
            return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
        }

        /// Seconds from sending `key` until `predicate` holds on the screen.
        func keyToScreen(_ key: String, _ description: String, _ predicate: (String) -> Bool) throws -> Double {
            let started = Date()
            try session.send(key)
            let deadline = started.addingTimeInterval(20)
            while Date() < deadline {
                if predicate(try session.capture()) { return Date().timeIntervalSince(started) }
            }
            throw E2EError("timed out waiting for \(description)")
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
            let started = Date()
            for i in 1...count {
                #expect(try HTTPPost.send(Self.payload(i), to: dashboard.url).status == 200)
            }
            let elapsed = Date().timeIntervalSince(started)
            try dashboard.session.waitFor("the last delivery") { $0.contains(String(format: "%024x", 0xFA0000 + count)) }
            let frames = try String(contentsOfFile: dashboard.frameLog, encoding: .utf8).split(separator: "\n")
            let highest = frames.last.flatMap { $0.split(separator: " ").last }.flatMap { Int($0) }
            #expect((highest ?? 0) >= count, "the last frame shows every delivery")
            // 25 frames a second at most while deliveries arrive, plus the odd tick and the first frames.
            let allowed = Int(elapsed / 0.040) + 10
            #expect(frames.count <= allowed, "\(frames.count) frames for \(count) deliveries in \(elapsed) s")
            #expect(frames.count < count / 2, "not a frame per delivery")
        }
    }

    /// The largest hostile values the receiver accepts (64 KiB bodies whose sender number is bidi
    /// controls) fill the screen: keys still reach it at once, and an idle dashboard stays idle. Escaping
    /// was quadratic and ran on whole values for every row of every frame: a key took 2 s, idle 83% of a core.
    @Test func aScreenfulOfHostileValuesDoesNotFreezeTheDashboard() async throws {
        try await onOwnThread {
            let dashboard = try Dashboard()
            let overrides = String(repeating: "\u{202E}", count: 21_000)  // 3 bytes each: about 63 KiB
            for i in 1...40 {
                let answer = try HTTPPost.send(Self.payload(i, from: overrides), to: dashboard.url)
                #expect(answer.status == 200)
            }
            try dashboard.session.waitFor("the hostile rows, escaped") { $0.contains("\\u{202E}") && $0.contains(String(format: "%024x", 0xFA0000 + 40)) }
            let help = try dashboard.keyToScreen("?", "the help") { $0.contains("faxtop keys") }
            let back = try dashboard.keyToScreen("Escape", "the help to close") { !$0.contains("faxtop keys") }
            #expect(help < 1.0 && back < 1.0, "key to screen: \(help) s and \(back) s")
            Thread.sleep(forTimeInterval: 1)
            let before = try dashboard.cpuSeconds()
            Thread.sleep(forTimeInterval: 3)
            let idle = (try dashboard.cpuSeconds() - before) / 3
            #expect(idle < 0.15, "an idle dashboard used \(Int(idle * 100))% of a core")
        }
    }

    /// A resize is drawn at once (it reached the screen 1-2 s later, showing the old layout cut or padded).
    @Test func aResizeIsDrawnAtOnce() async throws {
        try await onOwnThread {
            let dashboard = try Dashboard()
            for (cols, rows) in [(60, 15), (150, 40), (70, 20), (120, 35)] {
                let started = Date()
                try dashboard.session.resize(cols: cols, rows: rows)
                let tooSmall = cols < 80 || rows < 24
                let deadline = started.addingTimeInterval(20)
                var screen = ""
                while Date() < deadline {
                    screen = try dashboard.session.capture()
                    let drawn = tooSmall ? screen.contains("Terminal too small: \(cols)×\(rows).")
                        : screen.contains("Waiting for webhooks") && !screen.contains("Terminal too small")
                    if drawn { break }
                }
                let took = Date().timeIntervalSince(started)
                #expect(took < 0.5, "resize to \(cols)×\(rows) drawn after \(took) s; screen:\n\(screen)")
            }
        }
    }
}
