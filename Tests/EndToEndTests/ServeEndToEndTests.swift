import FaxTestSupport
import Foundation
import Testing

/// `faxtop serve` as systemd runs it: readiness told through `$NOTIFY_SOCKET`, logs on stderr as JSON
/// objects when asked, a clean stop on SIGTERM.
@Suite(.serialized) struct ServeEndToEndTests {
    /// A datagram socket standing in for systemd's notification socket.
    final class NotifySocket {
        let path: String
        private let fd: Int32

        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-notify-\(UUID().uuidString.prefix(8))").path
            fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (i, byte) in path.utf8.enumerated() { raw[i] = byte }
            }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            guard bound == 0 else { throw E2EError("cannot bind \(path): errno \(errno)") }
            var timeout = timeval(tv_sec: 20, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        deinit {
            close(fd)
            unlink(path)
        }

        /// The next message, or nil after 20 s without one.
        func receive() -> String? {
            var buffer = [UInt8](repeating: 0, count: 512)
            let count = recv(fd, &buffer, buffer.count, 0)
            return count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : nil
        }
    }

    @Test func readinessLogsAsJSONAndACleanStop() async throws {
        try await onOwnThread {
            let notify = try NotifySocket()
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-serve-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let log = directory + "-stderr"
            defer { unlink(log) }
            let serve = try ChildProcess(try Package.binary, ["serve", "--db", directory + "/events.sqlite", "--host", "127.0.0.1",
                                                              "--port", "0", "--log-format", "json", "--json"],
                                         environment: ["XDG_CONFIG_HOME": "/nonexistent-faxtop-config", "FAXTOP_TOKEN": nil,
                                                       "NOTIFY_SOCKET": notify.path],
                                         stdout: .pipe, stderr: .file(log))
            defer { serve.signal(SIGKILL) }
            #expect(notify.receive() == "READY=1")
            // Ready means listening: the log already says where, as JSON objects.
            let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
            let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
            let listening = try #require(objects.first { ($0["message"] as? String)?.hasPrefix("listening on http://127.0.0.1:") == true })
            #expect(listening["level"] as? String == "info")
            let message = try #require(listening["message"] as? String)
            let url = try #require(message.split(separator: " ").dropFirst(2).first.map(String.init))
            #expect(try HTTPPost.send(try Package.fixture("valid/fax_received.json"), to: url).status == 200)
            let line = String(decoding: serve.readAvailable(timeout: 10), as: UTF8.self)
            #expect(line.hasPrefix(#"{"kind":"accepted","seq":1,"event":"fax_received""#), "--json prints the delivery: \(line)")
            serve.signal(SIGTERM)
            #expect(notify.receive() == "STOPPING=1")
            #expect(serve.wait(timeout: 30) == 0)
            #expect(!FileManager.default.fileExists(atPath: directory + "/events.sqlite-wal"), "closed cleanly")
        }
    }

    /// `GET /metrics` counts what was posted, in Prometheus's text format, and sits behind the allowlist.
    @Test func metricsCountWhatWasPosted() async throws {
        try await onOwnThread {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-metrics-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let faxtop = try HeadlessFaxtop(["--db", directory + "/events.sqlite", "--host", "127.0.0.1", "--port", "0"])
            let url = faxtop.url()
            for fixture in ["valid/fax_sent_first_attempt.json", "valid/fax_sent_first_attempt.json", "valid/fax_sent_retry.json",
                            "valid/fax_received.json", "invalid/pages_wrong_type.json"] {
                _ = try HTTPPost.send(try Package.fixture(fixture), to: url)
            }
            let metricsURL = faxtop.url("/metrics")
            let scrape = try HTTPPost.send(Data(), to: metricsURL, method: "GET")
            #expect(scrape.status == 200)
            let lines = Set(scrape.body.split(separator: "\n").map(String.init))
            for expected in [
                #"faxtop_deliveries_total{outcome="accepted",code="200"} 3"#,
                #"faxtop_deliveries_total{outcome="duplicate",code="200"} 1"#,
                #"faxtop_deliveries_total{outcome="rejected",code="422"} 1"#,
                #"faxtop_events_total{event="fax_sent",status_class="succeeded"} 1"#,
                #"faxtop_events_total{event="fax_sent",status_class="failed"} 1"#,
                #"faxtop_events_total{event="fax_received",status_class="succeeded"} 1"#,
                #"faxtop_journal_rows{kind="events"} 3.0"#,
                #"faxtop_journal_rows{kind="repeats"} 1.0"#,
                #"faxtop_journal_rows{kind="rejections"} 1.0"#,
                "faxtop_store_healthy 1.0",
                "faxtop_store_batch_size_sum 5.0",
                "faxtop_ring_overruns 0.0",
            ] {
                #expect(lines.contains(expected), "\(expected) in:\n\(scrape.body)")
            }
            #expect(lines.contains { $0.hasPrefix("faxtop_store_commit_seconds_count ") && $0 != "faxtop_store_commit_seconds_count 0" })
            #expect(lines.contains { $0.hasPrefix("faxtop_journal_file_bytes ") && $0 != "faxtop_journal_file_bytes 0.0" })
            #expect(lines.contains { $0.hasPrefix("faxtop_process_start_time_seconds ") })
        }
        try await onOwnThread {
            let faxtop = try HeadlessFaxtop(["--memory", "--host", "127.0.0.1", "--port", "0", "--allow", "10.0.0.0/8"])
            let metricsURL = faxtop.url("/metrics")
            #expect(try HTTPPost.send(Data(), to: metricsURL, method: "GET").status == 403)
        }
    }
}
