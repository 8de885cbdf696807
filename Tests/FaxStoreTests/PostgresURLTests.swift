import Testing
@testable import FaxStore

/// `--db postgres://…` read as libpq reads it, for the parts faxtop uses.
@Suite struct PostgresURLTests {
    @Test func theUsualFormWithAnEncodedPassword() throws {
        let url = try PostgresURL(parsing: "postgres://fax%40ops:p%2Fss%3Aw@db.internal:6543/journal?sslmode=require")
        #expect(url.user == "fax@ops")
        #expect(url.password == "p/ss:w")
        #expect(url.host == "db.internal")
        #expect(url.port == 6543)
        #expect(url.database == "journal")
        #expect(url.sslMode == .require)
        #expect(url.socketPath == nil)
        #expect(url.description == "postgres://fax@ops@db.internal:6543/journal", "no password in what is shown")
    }

    @Test func defaultsAreLibpqs() throws {
        let url = try PostgresURL(parsing: "postgresql://alice@/", defaultUser: "nobody")
        #expect(url.host == "localhost")
        #expect(url.port == 5432)
        #expect(url.database == "alice", "the database defaults to the user's name")
        #expect(url.sslMode == .prefer)
        #expect(url.password == nil)
    }

    @Test func aSocketFolderAsHost() throws {
        let url = try PostgresURL(parsing: "postgres://faxtop@/faxtop?host=/var/run/postgresql&port=5433")
        #expect(url.host == nil)
        #expect(url.socketPath == "/var/run/postgresql/.s.PGSQL.5433")
        #expect(url.description == "postgres://faxtop@/var/run/postgresql:5433/faxtop")
    }

    @Test func mistakesAreNamed() {
        func message(_ text: String) -> String {
            do { _ = try PostgresURL(parsing: text); return "parsed" } catch { return "\(error)" }
        }
        #expect(message("postgres://u@h/d?sslmode=sometimes").hasPrefix("sslmode sometimes is not one of"))
        #expect(message("postgres://u@h:99999/d") == "the database URL's port 99999 is not a port number")
        #expect(message("postgres://u@h/d?pool=3").hasPrefix("unknown parameter pool"))
        #expect(message("mysql://u:secret@h/d") == "not a postgres:// URL: mysql://u:***@h/d")
    }
}
