import FaxTestSupport
import Foundation
import Testing

/// Several receivers on one PostgreSQL journal, through the built binary: deliveries from both on one
/// follower and one dashboard, a database restart answered 503 and recovered from with no gap, and the
/// setup errors an operator meets first.
@Suite(.serialized) struct PostgresEndToEndTests {
    typealias Hub = AttachEndToEndTests

    @Test func twoReceiversOneJournalThroughADatabaseRestart() async throws {
        try await onOwnThread {
            let server = try ThrowawayPostgres()
            defer { try? server.stop() }
            try server.psql("CREATE DATABASE faxtop")
            let journal = server.url(database: "faxtop")
            let workspace = try Hub.Workspace()
            let (first, firstURL) = try Hub.serve(workspace, log: "serve1.err", journal: journal)
            defer { first.signal(SIGKILL) }
            let (second, secondURL) = try Hub.serve(workspace, log: "serve2.err", journal: journal)
            defer { second.signal(SIGKILL) }
            let lines = try ChildProcess(try Package.binary, ["attach", "--db", journal, "--json", "--from-seq", "0"],
                                         environment: Hub.environment, stdout: .pipe)
            defer { lines.signal(SIGKILL) }
            let dashboard = try TmuxSession(command: "env -u FAXTOP_TOKEN XDG_CONFIG_HOME=/nonexistent-faxtop-config "
                + "\(try Package.binary) attach --db '\(journal)' --log-file /dev/null")
            try dashboard.waitFor("the newest receiver and the other one in the header") {
                $0.contains("(+1 more receiver)") && $0.contains("faxtop serve pid \(second.pid)")
            }

            // The same delivery at both receivers is one event, delivered twice.
            #expect(try Hub.post("valid/fax_received.json", to: firstURL) == 200)
            let repeated = try HTTPPost.send(Data(try Package.fixture("valid/fax_received.json")), to: secondURL)
            #expect(repeated.status == 200)
            #expect(repeated.body.contains("\"status\":\"duplicate\""))
            try dashboard.waitFor("the delivery, once, counted twice") { $0.contains("+1 646-555-0123   →   +1 212-555-0147") }

            // The database goes away: receivers answer 503 with Retry-After, the dashboard says so.
            try server.stop()
            let refused = try HTTPPost.send(Data(try Package.fixture("valid/fax_sent_retry.json")), to: firstURL)
            #expect(refused.status == 503)
            #expect(refused.body.contains("database unreachable"))
            let down = try dashboard.waitFor(timeout: 10, "the follower saying the database is unreachable") {
                $0.contains("database unreachable") && $0.contains("retrying")
            }
            #expect(down.contains("+1 646-555-0123"), "history stays on screen")

            // Back: both resume by themselves, and nothing is shown twice or skipped.
            try server.start()
            try eventuallyOnThisThread("a receiver writes again") {
                try Hub.post("valid/fax_received.json", hookID: "bbbbbbbbbbbbbbbbbbbbbbb3", to: secondURL) == 200
            }
            try dashboard.waitFor("the delivery after the restart, and the warning gone") {
                $0.contains("bbbbbbbbbbbbbbbbbbbbbbb3") && !$0.contains("database unreachable")
            }
            var text = ""
            let deadline = Date().addingTimeInterval(10)
            while text.split(separator: "\n").count < 3, Date() < deadline {
                text += String(decoding: lines.readAvailable(timeout: 1), as: UTF8.self)
            }
            let parsed = try text.split(separator: "\n").map { line in
                try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            }
            #expect(parsed.compactMap { $0["seq"] as? Int } == [1, 2, 3])
            #expect(parsed.compactMap { $0["duplicate"] as? Bool } == [false, true, false])
        }
    }

    @Test func setupErrorsAreOneLineAndExit2() async throws {
        try await onOwnThread {
            let server = try ThrowawayPostgres.shared
            let journal = try server.makeDatabase()
            let database = String(journal.split(separator: "/").last!.split(separator: "?").first!)
            let cases: [([String], String)] = [
                (["serve", "--db", server.url(database: database, user: "secured", password: "wrong"), "--port", "0"],
                 "password authentication failed for user \"secured\" (check the user and password in the database URL)"),
                (["attach", "--json", "--db", server.url(database: "nowhere")],
                 "database \"nowhere\" does not exist (create it first: createdb nowhere)"),
                (["export", "--db", "postgres://faxtop@127.0.0.1:1/faxtop?sslmode=disable"],
                 "database unreachable (postgres://faxtop@127.0.0.1:1/faxtop): Connection refused"),
                (["serve", "--db", server.url(database: database, user: "secured", password: "right-password"), "--port", "0"],
                 "permission denied for schema public"),
                (["attach", "--json", "--db", journal], "holds no faxtop journal yet: start `faxtop serve --db` on it first"),
            ]
            for (arguments, reason) in cases {
                let run = try ChildProcess.run(try Package.binary, arguments, environment: Hub.environment, timeout: 30)
                #expect(run.status == 2, "\(arguments[0]): \(run.stderr)")
                #expect(run.stderr.contains(reason), "\(arguments[0]): \(run.stderr)")
                #expect(run.stderr.split(separator: "\n").count == 1, "one line: \(run.stderr)")
                #expect(!run.stderr.contains("right-password") && !run.stderr.contains("wrong"), "no password shown")
            }
        }
    }

    /// `FAXTOP_DB_URL` names the journal when `--db` does not; `--db` wins over it.
    @Test func theEnvironmentNamesTheJournalUnlessDbDoes() async throws {
        try await onOwnThread {
            var environment = Hub.environment
            environment["FAXTOP_DB_URL"] = "postgres://faxtop@127.0.0.1:1/fromenv?sslmode=disable"
            let fromEnvironment = try ChildProcess.run(try Package.binary, ["export"], environment: environment, timeout: 30)
            #expect(fromEnvironment.status == 2)
            #expect(fromEnvironment.stderr.contains("postgres://faxtop@127.0.0.1:1/fromenv"))

            let journal = try ThrowawayPostgres.shared.makeDatabase()
            let workspace = try Hub.Workspace()
            let (serve, url) = try Hub.serve(workspace, log: "serve.err", journal: journal)
            defer { serve.signal(SIGKILL) }
            #expect(try Hub.post("valid/fax_received.json", to: url) == 200)
            let fromFlag = try ChildProcess.run(try Package.binary, ["export", "--db", journal], environment: environment, timeout: 30)
            #expect(fromFlag.status == 0, "\(fromFlag.stderr)")
            #expect(fromFlag.stdout.split(separator: "\n").count == 1)
            #expect(fromFlag.stdout.contains("\"kind\":\"event\""))
        }
    }

    private func eventuallyOnThisThread(_ description: String, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(20)
        while try !condition() {
            guard Date() < deadline else { throw E2EError("\(description) did not happen within 20 s") }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }
}
