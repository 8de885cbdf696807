import FaxCore
import Foundation
import Testing
@testable import FaxTools

@Suite struct ConfigFileTests {
    let env = ["HOME": "/home/ann"]

    @Test func fullFile() throws {
        let text = """
            # faxtop defaults
            port = 9090
            host = "127.0.0.1"
            path = "/faxplus"
            token_file = "~/.config/faxtop/token"
            allow = ["34.65.253.117/32", "10.0.0.0/8", "::1/128", "192.168.1.7"]
            trust_proxy = ["127.0.0.0/8"]
            theme = "solarized"
            db = "events.sqlite"
            max_body = 131072
            osc52 = false
            """
        let defaults = try ConfigFile.parse(text, path: "/etc/faxtop/config.toml", environment: env)
        #expect(defaults == WatchDefaults(
            host: "127.0.0.1", port: 9090, path: "/faxplus", tokenFile: "/home/ann/.config/faxtop/token",
            allow: ["34.65.253.117/32", "10.0.0.0/8", "::1/128", "192.168.1.7"], trustProxy: ["127.0.0.0/8"],
            theme: "solarized", db: "/etc/faxtop/events.sqlite", maxBody: 131_072, osc52: false))
    }

    @Test func emptyFileSaysNothing() throws {
        #expect(try ConfigFile.parse("", path: "c.toml") == WatchDefaults())
    }

    @Test func themeCanBeAPath() throws {
        let defaults = try ConfigFile.parse("theme = \"themes/mine.toml\"", path: "/cfg/config.toml", environment: env)
        #expect(defaults.theme == "/cfg/themes/mine.toml")
    }

    @Test(arguments: [
        ("port = 8080\nhost = \"x\"\nmax_body = \"big\"\n", 3, "max_body: expected an integer, got a string"),
        ("\n\nport = 70000\n", 3, "port: must be 0...65535, got 70000"),
        ("port = 1\nprot = 2\n", 2, "unknown key \"prot\" (did you mean \"port\"?)"),
        ("token-file = \"x\"\n", 1, "unknown key \"token-file\" (did you mean \"token_file\"?)"),
        ("path = \"/w\"\n\nallow = [\"10.0.0.0/33\"]\n", 3, "allow[0]: \"10.0.0.0/33\" is not an address or CIDR block"),
        ("allow = \"10.0.0.0/8\"\n", 1, "allow: expected an array"),
        ("trust_proxy = [1]\n", 1, "trust_proxy[0]: expected a string, got an integer"),
        ("host = \"\"\n", 1, "host: must not be empty"),
        ("max_body = 0\n", 1, "max_body: must be at least 1, got 0"),
        ("\nosc52 = \"no\"\n", 2, "osc52: expected true or false, got a string"),
        ("port = 8080\nhost = \"unterminated\n", 2, "not valid TOML"),
        ("port = 8080\nport = 8081\n", 2, "not valid TOML"),
    ])
    func errorsNameTheLine(text: String, line: Int, message: String) {
        do throws(ConfigError) {
            _ = try ConfigFile.parse(text, path: "/home/ann/.config/faxtop/config.toml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.message.contains(message), "\(error)")
            #expect(error.description.hasPrefix("/home/ann/.config/faxtop/config.toml:\(line): "))
        }
    }

    @Test func defaultPathFollowsXDG() {
        #expect(ConfigFile.defaultPath(environment: ["XDG_CONFIG_HOME": "/x/cfg/", "HOME": "/h"]) == "/x/cfg/faxtop/config.toml")
        #expect(ConfigFile.defaultPath(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/h"]) == "/h/.config/faxtop/config.toml")
        #expect(ConfigFile.defaultPath(environment: ["HOME": "/h"]) == "/h/.config/faxtop/config.toml")
    }

    @Test func loadFromDisk() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("config.toml").path
        #expect(try ConfigFile.loadIfPresent(path: path) == nil)
        try "port = 8181\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try ConfigFile.loadIfPresent(path: path)?.port == 8181)
        try "port = \"x\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ConfigError(path: path, line: 1, message: "port: expected an integer, got a string")) {
            try ConfigFile.load(path: path)
        }
    }

    @Test func flagsWinOverTheFileWhichWinsOverBuiltins() {
        let file = WatchDefaults(host: "127.0.0.1", port: 9090, allow: ["10.0.0.0/8"], theme: "dark")
        let flags = WatchDefaults(port: 7070, allow: ["192.168.0.0/16"])
        let result = flags.layered(over: file).layered(over: .builtin)
        #expect(result.port == 7070)                     // flag
        #expect(result.allow == ["192.168.0.0/16"])      // flag replaces, not merges
        #expect(result.host == "127.0.0.1")              // file
        #expect(result.theme == "dark")                  // file
        #expect(result.path == "/webhook")               // built-in
        #expect(result.maxBody == 65_536)                // built-in
        #expect(result.trustProxy == ["127.0.0.0/8", "::1/128"])
        #expect(result.db == nil)
        #expect(WatchDefaults().layered(over: .builtin) == .builtin)
    }

    /// The config file checks ranges with the receiver's own parser: what one accepts, the other does.
    @Test func rangesAreCheckedAsTheReceiverReadsThem() throws {
        for bad in ["10.0.0/8", "10.0.0.256", "1.2.3.4/33", "::1/129", "abc", "1.2.3.4/", "1::2::3"] {
            #expect(throws: ConfigError.self, "\(bad)") {
                try ConfigFile.parse("allow = [\"\(bad)\"]\n", path: "config.toml", environment: ["HOME": "/home/u"])
            }
        }
        let good = ["10.0.0.0/8", "1.2.3.4", "::1/128", "2001:db8::/32", "::ffff:10.0.0.1", "0.0.0.0/0"]
        let parsed = try ConfigFile.parse("allow = [\(good.map { "\"\($0)\"" }.joined(separator: ", "))]\n", path: "config.toml", environment: ["HOME": "/home/u"])
        #expect(parsed.allow == good)
        #expect(good.allSatisfy { CIDR($0) != nil })
    }
}
