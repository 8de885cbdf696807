import FaxTestSupport
import Foundation
import Testing

/// `faxtop watch --headless` as a log shipper would run it: JSON lines on stdout, config file, signals.
@Suite(.serialized) struct HeadlessEndToEndTests {
    @Test func printsOneJSONLinePerDeliveryAndExitsCleanlyOnSIGTERM() async throws {
        try await onOwnThread {
            let faxtop = try HeadlessFaxtop(["--memory"])
            #expect(faxtop.announcedURL == "http://127.0.0.1:\(faxtop.port)/webhook", "\(faxtop.stderr)")
            let answer = try HTTPPost.send(try Package.fixture("valid/fax_sent_retry.json"), to: faxtop.url())
            #expect(answer.status == 200)
            #expect(answer.body == "{\"status\":\"accepted\",\"seq\":1,\"attempt\":2}\n")
            let line = try faxtop.nextLine()
            #expect(line["kind"] as? String == "accepted")
            #expect(line["seq"] as? Int == 1)
            #expect(line["event"] as? String == "fax_sent")
            #expect(line["hook_id"] as? String == "6710c4f01a2b3c4d5e6f7081")
            #expect(line["status"] as? String == "failed_user_busy")
            #expect(line["attempt"] as? Int == 2, "a retry whose first attempt was not seen is attempt 2")
            #expect(line["remote"] as? String == "127.0.0.1")
            let refused = try HTTPPost.send(try Package.fixture("invalid/pages_wrong_type.json"), to: faxtop.url())
            #expect(refused.status == 422)
            let rejected = try faxtop.nextLine()
            #expect(rejected["kind"] as? String == "rejected")
            #expect(rejected["code"] as? Int == 422)
            #expect(rejected["reason"] as? String == "data.pages: expected a number, got a string")
            #expect(faxtop.stop() == 0)
        }
    }

    /// A number past a double's range is valid JSON: the payload is what is wrong, so 422 names the field.
    @Test func aNumberOutOfRangeIsRefusedWith422NamingTheField() async throws {
        try await onOwnThread {
            let faxtop = try HeadlessFaxtop(["--memory"])
            let good = String(decoding: try Package.fixture("valid/fax_sent_first_attempt.json"), as: UTF8.self)
            let body = good.replacingOccurrences(of: "\"cost\": 3", with: "\"cost\": 1e400")
            #expect(body != good, "the fixture's cost was replaced")
            let answer = try HTTPPost.send(Data(body.utf8), to: faxtop.url())
            #expect(answer.status == 422)
            #expect(answer.body.contains("data.cost: number 1e400 is out of range"), "\(answer.body)")
            let rejected = try faxtop.nextLine()
            #expect(rejected["code"] as? Int == 422)
            #expect((rejected["reason"] as? String)?.hasPrefix("data.cost: number 1e400 is out of range") == true)
            #expect(faxtop.stop() == 0)
        }
    }

    /// `faxtop watch --headless | head -c 1`: when the reader goes away, faxtop stops with one line and
    /// exit code 1, as a program in a pipe does, instead of a crash report.
    @Test func stopsCleanlyWhenTheReaderOfItsOutputGoesAway() async throws {
        try await onOwnThread {
            let script = "\"$0\" watch --headless --memory --host 127.0.0.1 --port 0 | head -c 1 >/dev/null; exit ${PIPESTATUS[0]}"
            let config = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-e2e-config-\(UUID().uuidString)").path
            let pipeline = try ChildProcess("/bin/bash", ["-c", script, try Package.binary],
                                            environment: ["XDG_CONFIG_HOME": config, "FAXTOP_TOKEN": nil], stderr: .pipe)
            let errors = StderrCollector(pipeline.errorFD)
            let (_, port) = try errors.listeningURL(timeout: 20)
            // The first line goes to `head`, which then exits; whatever is printed next finds no reader.
            var status: Int32?
            let deadline = Date().addingTimeInterval(20)
            while status == nil, Date() < deadline {
                _ = try? HTTPPost.send(try Package.fixture("valid/fax_received.json"), to: "http://127.0.0.1:\(port)/webhook")
                status = pipeline.exitStatus(within: 0.2)
            }
            let stderr = try errors.waitFor(timeout: 10, "the line saying why faxtop stopped") { $0.contains("stopped") }
            #expect(status == 1, "\(stderr)")
            #expect(stderr.contains("faxtop: cannot write to standard output: Broken pipe; stopped\n"), "\(stderr)")
            #expect(!stderr.contains("Fatal error"), "\(stderr)")
        }
    }

    /// Another process holds the database's write lock: webhooks get 503, `/healthz` says so, and
    /// once the lock is gone `/healthz` is back to 200 by itself, with no webhook needed to find out.
    @Test func aStoreFailureShowsOnHealthzAndClearsByItself() async throws {
        try await onOwnThread {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-health-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let database = folder.appendingPathComponent("events.sqlite").path
            let faxtop = try HeadlessFaxtop(["--db", database])
            defer { faxtop.stop(timeout: 20) }
            let webhook = faxtop.url(), healthz = faxtop.url("/healthz")
            #expect(try HTTPPost.send(try Package.fixture("valid/fax_received.json"), to: webhook).status == 200)

            let lock = try SQLiteWriteLock(database: database, folder: folder.path)
            try lock.waitUntilHeld()
            let refused = try HTTPPost.send(try Package.fixture("valid/fax_sent_first_attempt.json"), to: webhook)
            #expect(refused.status == 503)
            let failing = try HTTPPost.send(Data(), to: healthz, method: "GET")
            #expect(failing.status == 503)
            #expect(failing.body.contains("\"status\":\"failing\""), "\(failing.body)")

            #expect(lock.release())
            #expect(lock.process.wait(timeout: 20) == 0)
            // The health probe runs by itself; nothing signals its next round, so ask until a deadline.
            var healthy = (status: 0, body: "")
            let deadline = Date().addingTimeInterval(15)
            while healthy.status != 200, Date() < deadline {
                Thread.sleep(forTimeInterval: 0.1)
                healthy = try HTTPPost.send(Data(), to: healthz, method: "GET")
            }
            #expect(healthy.status == 200)
            #expect(healthy.body.hasPrefix("{\"status\":\"ok\",\"events\":1,"), "\(healthy.body)")
        }
    }

    /// Host, port and path come from the config file; a flag wins over the file.
    @Test func configFileSetsDefaultsAndFlagsWin() async throws {
        try await onOwnThread {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-config-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let config = folder.appendingPathComponent("config.toml")
            // Port 0: a free one, never the default 8080, so the port in use shows the file was read.
            try "port = 0\nhost = \"127.0.0.1\"\npath = \"/hooks\"\n".write(to: config, atomically: true, encoding: .utf8)

            let fromFile = try HeadlessFaxtop(["--memory", "--config", config.path], listen: false)
            #expect(fromFile.announcedURL == "http://127.0.0.1:\(fromFile.port)/hooks", "host, port and path from the file")
            #expect(fromFile.port != 8080)
            let body = try Package.fixture("valid/fax_received.json")
            #expect(try HTTPPost.send(body, to: fromFile.url("/hooks")).status == 200)
            #expect(try HTTPPost.send(body, to: fromFile.url("/webhook")).status == 404, "the default path is not served")
            #expect(fromFile.stop() == 0)

            let withFlag = try HeadlessFaxtop(["--memory", "--config", config.path, "--path", "/flagged"], listen: false)
            #expect(withFlag.announcedURL == "http://127.0.0.1:\(withFlag.port)/flagged", "--path wins; host and port still from the file")
            #expect(try HTTPPost.send(body, to: withFlag.url("/flagged")).status == 200)
            #expect(try HTTPPost.send(body, to: withFlag.url("/hooks")).status == 404, "the file's path gave way to the flag")
            #expect(withFlag.stop() == 0)
        }
    }

    @Test func badConfigFileNamesFileAndLine() async throws {
        try await onOwnThread {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-config-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let config = folder.appendingPathComponent("config.toml")
            try "port = 8080\nprot = 9000\n".write(to: config, atomically: true, encoding: .utf8)
            let run = try ChildProcess.run(try Package.binary, ["watch", "--headless", "--memory", "--config", config.path],
                                           environment: ["FAXTOP_TOKEN": nil], timeout: 30)
            #expect(run.status == 64, "a bad config file is a bad command line: \(run.stderr)")
            #expect(run.stderr.contains("config.toml:2"), "\(run.stderr)")
            #expect(run.stdout.isEmpty)
        }
    }
}
