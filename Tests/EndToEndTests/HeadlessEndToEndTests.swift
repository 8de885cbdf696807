import FaxTestSupport
import Foundation
import Testing

/// `faxtop watch --headless` as a log shipper would run it: JSON lines on stdout, config file, signals.
@Suite(.serialized) struct HeadlessEndToEndTests {
    final class Headless {
        let process: ChildProcess
        private var buffer = Data()

        init(_ arguments: [String], environment: [String: String] = [:]) throws {
            var env: [String: String?] = environment
            env["XDG_CONFIG_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-e2e-empty").path
            process = try ChildProcess(try Package.binary, ["watch", "--headless"] + arguments,
                                       environment: env, stdout: .pipe)
        }

        /// The next stdout line, parsed as JSON.
        func nextLine(timeout: TimeInterval = 10) throws -> [String: Any] {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if let newline = buffer.firstIndex(of: 0x0A) {
                    let line = buffer[buffer.startIndex..<newline]
                    buffer.removeSubrange(buffer.startIndex...newline)
                    return try JSONSerialization.jsonObject(with: line) as! [String: Any]
                }
                let chunk = process.readAvailable(timeout: max(0.01, deadline.timeIntervalSinceNow))
                if chunk.isEmpty { break }
                buffer.append(contentsOf: chunk)
            }
            throw E2EError("no headless line within \(timeout) s")
        }
    }

    static func freePort() -> Int { Int.random(in: 20_000...40_000) }

    static func waitForListening(_ port: Int, path: String = "/webhook") throws {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if (try? HTTPPost.send(Data(), to: "http://127.0.0.1:\(port)\(path)")) != nil { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw E2EError("nothing listening on \(port)")
    }

    @Test func printsOneJSONLinePerDeliveryAndExitsCleanlyOnSIGTERM() async throws {
        try await onOwnThread {
            let port = Self.freePort()
            let faxtop = try Headless(["--memory", "--host", "127.0.0.1", "--port", "\(port)"])
            try Self.waitForListening(port)
            #expect(try faxtop.nextLine()["code"] as? Int == 400, "the probe's empty body shows as a rejection")
            let answer = try HTTPPost.send(try Package.fixture("valid/fax_sent_retry.json"), to: "http://127.0.0.1:\(port)/webhook")
            #expect(answer.status == 200)
            let line = try faxtop.nextLine()
            #expect(line["kind"] as? String == "accepted")
            #expect(line["event"] as? String == "fax_sent")
            #expect(line["status"] as? String == "failed_user_busy")
            #expect(line["attempt"] as? Int == 2, "a retry whose first attempt was not seen is attempt 2")
            #expect(line["remote"] as? String == "127.0.0.1")
            _ = try HTTPPost.send(try Package.fixture("invalid/pages_wrong_type.json"), to: "http://127.0.0.1:\(port)/webhook")
            let rejected = try faxtop.nextLine()
            #expect(rejected["kind"] as? String == "rejected")
            #expect(rejected["code"] as? Int == 422)
            #expect((rejected["reason"] as? String)?.contains("data.pages") == true)
            faxtop.process.signal(SIGTERM)
            #expect(faxtop.process.wait(timeout: 30) == 0)
        }
    }

    /// A number past a double's range is valid JSON: the payload is what is wrong, so 422 names the field.
    @Test func aNumberOutOfRangeIsRefusedWith422NamingTheField() async throws {
        try await onOwnThread {
            let port = Self.freePort()
            let faxtop = try Headless(["--memory", "--host", "127.0.0.1", "--port", "\(port)"])
            try Self.waitForListening(port)
            _ = try faxtop.nextLine()  // the probe's empty body
            let good = String(decoding: try Package.fixture("valid/fax_sent_first_attempt.json"), as: UTF8.self)
            let body = good.replacingOccurrences(of: "\"cost\": 3", with: "\"cost\": 1e400")
            #expect(body != good, "the fixture's cost was replaced")
            let answer = try HTTPPost.send(Data(body.utf8), to: "http://127.0.0.1:\(port)/webhook")
            #expect(answer.status == 422)
            #expect(answer.body.contains("data.cost: number 1e400 is out of range"), "\(answer.body)")
            let rejected = try faxtop.nextLine()
            #expect(rejected["code"] as? Int == 422)
            #expect((rejected["reason"] as? String)?.hasPrefix("data.cost: number 1e400 is out of range") == true)
            faxtop.process.signal(SIGTERM)
            #expect(faxtop.process.wait(timeout: 30) == 0)
        }
    }

    /// `faxtop watch --headless | head -1`: when the reader goes away, faxtop stops with one line and
    /// exit code 1, as a program in a pipe does, instead of a crash report.
    @Test func stopsCleanlyWhenTheReaderOfItsOutputGoesAway() async throws {
        try await onOwnThread {
            let port = Self.freePort()
            let errors = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-pipe-\(UUID().uuidString).err").path
            defer { unlink(errors) }
            let script = "\"$0\" watch --headless --memory --host 127.0.0.1 --port \(port) 2>\"$1\" | head -c 1 >/dev/null; exit ${PIPESTATUS[0]}"
            let pipeline = try ChildProcess("/bin/bash", ["-c", script, try Package.binary, errors],
                                            environment: ["XDG_CONFIG_HOME": "/nonexistent-faxtop-config"])
            try Self.waitForListening(port)
            // The probe's rejection line already went to `head`; whatever is printed next finds no reader.
            for _ in 0..<3 {
                _ = try? HTTPPost.send(try Package.fixture("valid/fax_received.json"), to: "http://127.0.0.1:\(port)/webhook")
                Thread.sleep(forTimeInterval: 0.2)
            }
            let status = pipeline.wait(timeout: 20)
            let stderr = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            #expect(status == 1, "\(stderr)")
            #expect(stderr.contains("faxtop: cannot write to standard output: Broken pipe; stopped"), "\(stderr)")
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
            let port = Self.freePort()
            let faxtop = try Headless(["--db", database, "--host", "127.0.0.1", "--port", "\(port)"])
            defer { faxtop.process.signal(SIGTERM); faxtop.process.wait(timeout: 20) }
            try Self.waitForListening(port)
            let webhook = "http://127.0.0.1:\(port)/webhook", healthz = "http://127.0.0.1:\(port)/healthz"
            #expect(try HTTPPost.send(try Package.fixture("valid/fax_received.json"), to: webhook).status == 200)

            let lock = try SQLiteWriteLock(database: database, folder: folder.path)
            while !lock.isHeld { Thread.sleep(forTimeInterval: 0.01) }
            #expect(try HTTPPost.send(try Package.fixture("valid/fax_sent_first_attempt.json"), to: webhook).status == 503)
            let failing = try HTTPPost.send(Data(), to: healthz, method: "GET")
            #expect(failing.status == 503)
            #expect(failing.body.contains("\"status\":\"failing\""), "\(failing.body)")

            #expect(lock.release())
            #expect(lock.process.wait(timeout: 20) == 0)
            var status = 0
            for _ in 0..<150 where status != 200 {
                Thread.sleep(forTimeInterval: 0.1)
                status = try HTTPPost.send(Data(), to: healthz, method: "GET").status
            }
            #expect(status == 200)
        }
    }

    @Test func configFileSetsDefaultsAndFlagsWin() async throws {
        try await onOwnThread {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-config-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let filePort = Self.freePort()
            let config = folder.appendingPathComponent("config.toml")
            try "port = \(filePort)\nhost = \"127.0.0.1\"\npath = \"/hooks\"\n".write(to: config, atomically: true, encoding: .utf8)

            let fromFile = try Headless(["--memory", "--config", config.path])
            try Self.waitForListening(filePort, path: "/hooks")
            let answer = try HTTPPost.send(try Package.fixture("valid/fax_received.json"), to: "http://127.0.0.1:\(filePort)/hooks")
            #expect(answer.status == 200, "port and path came from the file")
            fromFile.process.signal(SIGTERM)
            fromFile.process.wait(timeout: 30)

            let flagPort = filePort + 1
            let withFlag = try Headless(["--memory", "--config", config.path, "--port", "\(flagPort)"])
            try Self.waitForListening(flagPort, path: "/hooks")
            #expect(try HTTPPost.send(try Package.fixture("valid/fax_received.json"), to: "http://127.0.0.1:\(flagPort)/hooks").status == 200,
                    "--port wins over the file; the file's path still applies")
            withFlag.process.signal(SIGTERM)
            withFlag.process.wait(timeout: 30)
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
                                           timeout: 30)
            #expect(run.status != 0)
            #expect(run.stderr.contains("config.toml:2"), "\(run.stderr)")
        }
    }
}
