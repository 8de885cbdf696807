import FaxCore
import FaxReceiver
import NIOCore
import Testing

@Suite struct IPAddressTests {
    @Test(arguments: [
        ("1.2.3.4", "1.2.3.4"), ("::1", "::1"), ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
        ("::ffff:1.2.3.4", "1.2.3.4"), ("::FFFF:7f00:1", "127.0.0.1"), ("fe80::1%eth0", "fe80::1"),
        ("2001:db8:0:1:0:0:0:0", "2001:db8:0:1::"), ("::", "::"), ("1:0:0:2:0:0:0:3", "1:0:0:2::3"),
        ("64:ff9b::1.2.3.4", "64:ff9b::102:304"), ("0.9.10.99", "0.9.10.99"), ("100.199.200.255", "100.199.200.255"),
    ])
    func parsesAndPrints(_ text: String, _ expected: String) {
        #expect(IPAddress(text)?.description == expected)
    }

    @Test(arguments: ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4/8", "::1::2", "1:2:3:4:5:6:7:8:9",
                      "12345::1", "g::1", "1.2.3.4:80", "unknown", "_hidden", " 1.2.3.4",
                      "1..2.3", ".1.2.3", "1.2.3.", "1.2.3.4 ", "00.1.2.3", "1.2.3.1000", "1.2.3.0256", "١.٢.٣.٤", "1.2.3.4\u{301}"])
    func refusesNonAddresses(_ text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func mappedIPv6IsIPv4() {
        #expect(IPAddress("::ffff:1.2.3.4") == IPAddress("1.2.3.4"))
        #expect(IPAddress("::ffff:1.2.3.4")?.family == .v4)
    }
}

@Suite struct CIDRTests {
    @Test func containsIPv4() throws {
        let range = try CIDR.parse("34.65.253.117/32")
        #expect(range.contains(try #require(IPAddress("34.65.253.117"))))
        #expect(!range.contains(try #require(IPAddress("34.65.253.118"))))
        let loopback = try CIDR.parse("127.0.0.0/8")
        #expect(loopback.contains(try #require(IPAddress("127.255.1.2"))))
        #expect(loopback.contains(try #require(IPAddress("::ffff:127.0.0.1"))))
        #expect(!loopback.contains(try #require(IPAddress("::1"))))
    }

    @Test func containsIPv6() throws {
        let range = try CIDR.parse("2001:db8::/32")
        #expect(range.contains(try #require(IPAddress("2001:db8:ffff::1"))))
        #expect(!range.contains(try #require(IPAddress("2001:db9::1"))))
        #expect(!range.contains(try #require(IPAddress("32.1.13.184"))))
        #expect(try CIDR.parse("::/0").contains(try #require(IPAddress("::1"))))
        #expect(try CIDR.parse("0.0.0.0/0").contains(try #require(IPAddress("::ffff:8.8.8.8"))))
    }

    @Test func normalises() throws {
        #expect(try CIDR.parse("10.1.2.3/8").description == "10.0.0.0/8")
        #expect(try CIDR.parse("1.2.3.4").description == "1.2.3.4/32")
        #expect(try CIDR.parse("::1").description == "::1/128")
        #expect(try CIDR.parse("::ffff:10.0.0.0/104").description == "10.0.0.0/8")
        #expect(try CIDR.parse("2001:db8::1/33").description == "2001:db8::/33")
        #expect(try CIDR.parse("10.0.0.0/9").contains(try #require(IPAddress("10.127.0.1"))))
        #expect(try !CIDR.parse("10.0.0.0/9").contains(try #require(IPAddress("10.128.0.1"))))
    }

    @Test(arguments: ["", "1.2.3.4/33", "::1/129", "1.2.3.4/-1", "1.2.3.4/x", "1.2.3.4/8/8", "host.example/32", "::ffff:1.2.3.4/64"])
    func refusesBadRanges(_ text: String) {
        #expect(CIDR(text) == nil)
        #expect(throws: CIDR.ParseError.self) { try CIDR.parse(text) }
    }
}

@Suite struct AllowlistTests {
    @Test func defaultAllowsFaxPlusAndLoopbackOnly() {
        let list = Allowlist()
        for allowed in ["34.65.253.117", "34.65.146.131", "127.0.0.1", "::1", "::ffff:127.0.0.1"] {
            #expect(list.allows(IPAddress(allowed)), "\(allowed)")
        }
        for refused in ["34.65.253.118", "203.0.113.9", "2001:db8::1", "10.0.0.1"] {
            #expect(!list.allows(IPAddress(refused)), "\(refused)")
        }
        #expect(!list.allows(nil))
    }

    @Test func allowAnyAllowsEverything() {
        let list = Allowlist(ranges: [], allowAny: true)
        #expect(list.allows(IPAddress("203.0.113.9")))
        #expect(list.allows(nil))
    }
}

@Suite struct ClientAddressResolverTests {
    let resolver = ClientAddressResolver()  // trusts loopback

    @Test func untrustedPeerIsTheClientAndItsHeadersAreIgnored() {
        let r = resolver.resolve(peer: "203.0.113.9", forwardedFor: ["34.65.253.117"], forwarded: ["for=34.65.253.117"])
        #expect(r.clients.map(\.text) == ["203.0.113.9"])
        #expect(!r.isForwarded)
    }

    @Test func trustedPeerWithoutHeadersIsTheClient() {
        let r = resolver.resolve(peer: "127.0.0.1", forwardedFor: [], forwarded: [])
        #expect(r.client.text == "127.0.0.1")
        #expect(!r.isForwarded)
    }

    @Test func rightMostUntrustedOfXForwardedFor() {
        let r = resolver.resolve(peer: "127.0.0.1", forwardedFor: ["34.65.253.117, 203.0.113.9", "127.0.0.1"], forwarded: [])
        #expect(r.clients.map(\.text) == ["203.0.113.9"])
        #expect(r.isForwarded)
    }

    @Test func spoofedLeftEntriesDoNotCount() {
        // The client wrote "34.65.253.117"; the tunnel appended the real address.
        let r = resolver.resolve(peer: "::1", forwardedFor: ["34.65.253.117, 198.51.100.7"], forwarded: [])
        #expect(r.client.text == "198.51.100.7")
    }

    @Test func allTrustedChainGivesLeftMost() {
        let r = resolver.resolve(peer: "127.0.0.1", forwardedFor: ["127.0.0.5, ::1, 127.0.0.2"], forwarded: [])
        #expect(r.client.text == "127.0.0.5")
    }

    @Test func forwardedHeaderWithQuotedIPv6AndPorts() {
        let r = resolver.resolve(
            peer: "127.0.0.1", forwardedFor: [],
            forwarded: ["for=192.0.2.60;proto=http;by=203.0.113.43, For=\"[2001:db8::1]:4711\"", "for=127.0.0.1"]
        )
        #expect(r.clients.map(\.text) == ["2001:db8::1"])
        #expect(r.client.ip == IPAddress("2001:db8::1"))
    }

    @Test func xForwardedForWithPortsAndBrackets() {
        #expect(resolver.resolve(peer: "127.0.0.1", forwardedFor: ["34.65.253.117:4431"], forwarded: []).client.text == "34.65.253.117")
        #expect(resolver.resolve(peer: "127.0.0.1", forwardedFor: ["[2001:db8::2]:80"], forwarded: []).client.text == "2001:db8::2")
    }

    @Test func unreadableEntryIsAnUnknownClient() {
        let r = resolver.resolve(peer: "127.0.0.1", forwardedFor: [], forwarded: ["for=_hidden, for=127.0.0.1"])
        #expect(r.client.text == "_hidden")
        #expect(r.client.ip == nil)
        let missingFor = resolver.resolve(peer: "127.0.0.1", forwardedFor: [], forwarded: ["proto=https"])
        #expect(missingFor.client.text == "unknown")
    }

    @Test func hostileEntryIsMadeSafeToShow() {
        let r = resolver.resolve(peer: "127.0.0.1", forwardedFor: ["\u{1b}]0;owned\u{7}"], forwarded: [])
        #expect(r.client.ip == nil)
        #expect(!r.client.text.unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test func bothHeadersAreJudgedWhenTheyDisagree() {
        let r = resolver.resolve(peer: "127.0.0.1", forwardedFor: ["203.0.113.9"], forwarded: ["for=34.65.253.117"])
        #expect(r.clients.map(\.text) == ["34.65.253.117", "203.0.113.9"])
        let same = resolver.resolve(peer: "127.0.0.1", forwardedFor: ["34.65.253.117"], forwarded: ["for=34.65.253.117"])
        #expect(same.clients.count == 1)
    }

    @Test func mappedPeerAddressIsTrustedAsIPv4() {
        let r = resolver.resolve(peer: "::ffff:127.0.0.1", forwardedFor: ["34.65.146.131"], forwarded: [])
        #expect(r.client.text == "34.65.146.131")
    }

    @Test func noTrustedProxiesIgnoresHeaders() {
        let r = ClientAddressResolver(trustedProxies: []).resolve(peer: "127.0.0.1", forwardedFor: ["34.65.253.117"], forwarded: [])
        #expect(r.client.text == "127.0.0.1")
    }
}

@Suite struct TokenCheckTests {
    @Test func matchesOnlyTheExactToken() throws {
        let check = try #require(TokenCheck(token: "s3cr3t-token"))
        #expect(check.matches("s3cr3t-token"))
        for wrong in [nil, "", "s3cr3t-toke", "s3cr3t-tokenn", "S3cr3t-token", "s3cr3t-token\0", "x"] {
            #expect(!check.matches(wrong), "\(String(describing: wrong))")
        }
    }

    @Test func noTokenMeansNoCheck() {
        #expect(TokenCheck(token: nil) == nil)
        #expect(TokenCheck(token: "") == nil)
    }

    @Test func masks() throws {
        #expect(try #require(TokenCheck(token: "s3cr3t-token")).masked == "s3…en")
        #expect(TokenCheck.mask("abcdefgh") == "ab…gh")
        #expect(TokenCheck.mask("short") == "…")
    }
}

/// The TCP peer is read from the socket address's bytes.
@Suite struct PeerAddressTests {
    @Test(arguments: ["127.0.0.1", "34.65.253.117", "::1", "2001:db8::2", "::ffff:10.0.0.1"])
    func socketAddressesGiveTheirIPAddress(text: String) throws {
        let socket = try SocketAddress(ipAddress: text, port: 443)
        #expect(IPAddress(socketAddress: socket) == IPAddress(text))
        #expect(IPAddress(socketAddress: socket)?.description == IPAddress(text)?.description)
    }

    @Test func aUnixSocketHasNone() throws {
        #expect(IPAddress(socketAddress: try SocketAddress(unixDomainSocketPath: "/tmp/faxtop.sock")) == nil)
    }

    @Test func aPeerByBytesIsJudgedLikeOneByText() throws {
        let resolver = ClientAddressResolver()
        let byBytes = resolver.resolve(peer: IPAddress("127.0.0.1"), forwardedFor: ["34.65.253.117"], forwarded: [])
        let byText = resolver.resolve(peer: "127.0.0.1", forwardedFor: ["34.65.253.117"], forwarded: [])
        #expect(byBytes == byText)
        #expect(byBytes.client.text == "34.65.253.117")
        #expect(resolver.resolve(peer: nil as IPAddress?, forwardedFor: [], forwarded: []).client.text == "unknown")
    }
}
