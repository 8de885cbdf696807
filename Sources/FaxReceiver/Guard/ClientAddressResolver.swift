import FaxCore
import Foundation

/// Works out who the client is when the receiver may sit behind a reverse proxy or tunnel.
///
/// Only a TCP peer inside a trusted-proxy range is believed about forwarding headers. The client is
/// then the right-most address of the chain that is not itself a trusted proxy: every trusted hop
/// appends the address it saw, so everything left of the first untrusted entry (read from the right)
/// may have been written by the client and proves nothing. A chain made only of trusted proxies gives
/// its left-most entry.
///
/// A request can carry both `Forwarded` (RFC 7239) and `X-Forwarded-For`. A proxy usually writes only
/// one of them and passes the other through untouched, so a client could forge the one the proxy does
/// not write. Both are therefore read and every client they name is judged: a forged header can only
/// get a request refused, never let one in.
public struct ClientAddressResolver: Sendable, Equatable {
    /// 127.0.0.0/8 and ::1: a tunnel or proxy on this machine.
    public static let defaultTrustedProxies: [CIDR] = ReceiverDefaults.trustProxy.map { CIDR($0)! }

    public var trustedProxies: [CIDR]

    public init(trustedProxies: [CIDR] = ClientAddressResolver.defaultTrustedProxies) {
        self.trustedProxies = trustedProxies
    }

    /// An address as reported (for display and the journal) and as parsed (for the allowlist).
    public struct Address: Sendable, Equatable {
        /// The address as text; for an entry that is not an address, the entry as it appeared (at
        /// most 64 characters, control characters made visible).
        public var text: String
        /// nil for entries such as `unknown` or `_hidden` that are not addresses.
        public var ip: IPAddress?

        public init(text: String, ip: IPAddress?) {
            self.text = text
            self.ip = ip
        }
    }

    public struct Resolution: Sendable, Equatable {
        /// The TCP peer.
        public var peer: Address
        /// The client(s) to judge: the peer itself when nothing was forwarded, otherwise one per
        /// forwarding header (two only when `Forwarded` and `X-Forwarded-For` disagree).
        public var clients: [Address]

        /// The address shown for the request.
        public var client: Address { clients[0] }
        /// Whether the client came from a forwarding header rather than the TCP connection.
        public var isForwarded: Bool { clients != [peer] }
    }

    /// - Parameters:
    ///   - peer: the TCP peer's address text (`127.0.0.1`, `::ffff:1.2.3.4`, `unknown`).
    ///   - forwardedFor: every `X-Forwarded-For` header value, in order.
    ///   - forwarded: every `Forwarded` header value, in order.
    public func resolve(peer peerText: String, forwardedFor: [String], forwarded: [String]) -> Resolution {
        resolve(peer: Self.address(peerText), forwardedFor: forwardedFor, forwarded: forwarded)
    }

    /// As ``resolve(peer:forwardedFor:forwarded:)`` for a peer known by its bytes (the TCP connection's).
    public func resolve(peer ip: IPAddress?, forwardedFor: [String], forwarded: [String]) -> Resolution {
        resolve(peer: Address(text: ip?.description ?? "unknown", ip: ip), forwardedFor: forwardedFor, forwarded: forwarded)
    }

    private func resolve(peer: Address, forwardedFor: [String], forwarded: [String]) -> Resolution {
        guard let peerIP = peer.ip, isTrusted(peerIP) else { return Resolution(peer: peer, clients: [peer]) }
        if forwardedFor.isEmpty, forwarded.isEmpty { return Resolution(peer: peer, clients: [peer]) }
        var clients: [Address] = []
        for chain in [Self.forwardedChain(forwarded), Self.forwardedForChain(forwardedFor)] {
            if let client = rightMostUntrusted(chain), !clients.contains(client) { clients.append(client) }
        }
        return Resolution(peer: peer, clients: clients.isEmpty ? [peer] : clients)
    }

    func isTrusted(_ address: IPAddress) -> Bool { trustedProxies.contains { $0.contains(address) } }

    private func rightMostUntrusted(_ chain: [String]) -> Address? {
        let addresses = chain.map(Self.address)
        for address in addresses.reversed() {
            guard let ip = address.ip, isTrusted(ip) else { return address }
        }
        return addresses.first
    }

    /// `X-Forwarded-For: client, proxy1, proxy2` (several header lines are one list).
    static func forwardedForChain(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// The `for=` of each element of `Forwarded: for=192.0.2.60;proto=http, for="[2001:db8::1]:4711"`.
    /// An element without `for` is a hop that did not say, kept as `unknown`.
    static func forwardedChain(_ values: [String]) -> [String] {
        values.flatMap { splitOutsideQuotes($0, on: ",") }.compactMap { element in
            let trimmed = element.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return nil }
            for pair in splitOutsideQuotes(trimmed, on: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "for" else { continue }
                return unquote(parts[1].trimmingCharacters(in: .whitespaces))
            }
            return "unknown"
        }
    }

    /// Reads one chain entry: `1.2.3.4`, `1.2.3.4:80`, `[2001:db8::1]:4711`, `2001:db8::1`, `"…"`.
    static func address(_ entry: String) -> Address {
        // Most entries (and every TCP peer) are a bare address: parse it before trimming, unquoting and
        // splitting off a port, which cost more than the rest of the guard together. A bare address
        // has no space, quote, bracket or port, so the steps below would leave it as it is.
        if let ip = IPAddress(entry) { return Address(text: ip.description, ip: ip) }
        var text = unquote(entry.trimmingCharacters(in: .whitespaces))
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            text = String(text[text.index(after: text.startIndex)..<close])
        } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
            text = String(text[..<colon])
        }
        if let ip = IPAddress(text) { return Address(text: ip.description, ip: ip) }
        return Address(text: TerminalSafeText.make(String(entry.prefix(64))), ip: nil)
    }

    private static func unquote(_ text: String) -> String {
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else { return text }
        var out = ""
        var escaped = false
        for character in text.dropFirst().dropLast() {
            if escaped || character != "\\" { out.append(character); escaped = false } else { escaped = true }
        }
        return out
    }

    private static func splitOutsideQuotes(_ text: String, on separator: Character) -> [String] {
        var parts: [String] = [], current = "", quoted = false, escaped = false
        for character in text {
            if escaped { current.append(character); escaped = false; continue }
            if quoted, character == "\\" { current.append(character); escaped = true; continue }
            if character == "\"" { quoted.toggle() }
            if character == separator, !quoted { parts.append(current); current = "" } else { current.append(character) }
        }
        parts.append(current)
        return parts
    }
}
