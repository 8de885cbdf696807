import Foundation

/// A syntax check for allowlist entries (`10.0.0.0/8`, `::1/128`, a bare address). The receiver does
/// the real parsing; this only catches typos when the config file is read.
enum CIDRSyntax {
    static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = parts.first, !address.isEmpty else { return false }
        let isV6 = address.contains(":")
        guard isV6 ? isIPv6(address) : isIPv4(address) else { return false }
        guard parts.count == 2 else { return true }
        guard let length = Int(parts[1]), parts[1].allSatisfy(\.isASCII) else { return false }
        return (0...(isV6 ? 128 : 32)).contains(length)
    }

    static func isIPv4(_ text: Substring) -> Bool {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { octet in
            !octet.isEmpty && octet.count <= 3 && octet.allSatisfy { $0.isASCII && $0.isNumber } && Int(octet)! <= 255
        }
    }

    static func isIPv6(_ text: Substring) -> Bool {
        guard text.count >= 2, text.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return false }
        let doubleColons = text.components(separatedBy: "::").count - 1
        guard doubleColons <= 1 else { return false }
        let groups = text.split(separator: ":", omittingEmptySubsequences: true)
        guard groups.allSatisfy({ $0.count <= 4 || ($0.contains(".") && isIPv4($0)) }) else { return false }
        return doubleColons == 1 ? groups.count <= 7 : groups.count == 8 || (groups.count == 7 && groups.last!.contains("."))
    }
}
