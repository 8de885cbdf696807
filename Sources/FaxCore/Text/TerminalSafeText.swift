/// Makes network-supplied text safe to put on a terminal.
///
/// Any control character (C0, DEL, C1) and the Unicode bidi overrides would let a payload move the
/// cursor, recolour or clear the screen, set the title, or reorder what the operator reads. They are
/// replaced by visible stand-ins: C0 by the Control Pictures block (`\u{1b}` → `␛`), DEL by `␡`,
/// everything else by `\u{XXXX}` written out.
public enum TerminalSafeText {
    public static func make(_ text: String) -> String {
        // Fast path: most strings have nothing to replace.
        if !text.unicodeScalars.contains(where: needsReplacing) { return text }
        // Built as UTF-8 bytes and turned into a string once: appending each escape to a growing
        // string cost time quadratic in the output (65,536 bidi controls took 2.8 s).
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars { appendSafe(scalar, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `scalar`'s UTF-8 bytes, or its visible stand-in's, to `out`.
    public static func appendSafe(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        if !needsReplacing(scalar) {
            out.append(contentsOf: UTF8.encode(scalar)!)
        } else if scalar.value < 0x20 {
            out.append(contentsOf: UTF8.encode(Unicode.Scalar(0x2400 + scalar.value)!)!)
        } else if scalar.value == 0x7F {
            out.append(contentsOf: UTF8.encode("\u{2421}")!)
        } else {
            out.append(contentsOf: "\\u{".utf8)
            out.append(contentsOf: String(scalar.value, radix: 16, uppercase: true).utf8)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Bytes that may not be UTF-8: invalid sequences become U+FFFD, then as `make`.
    public static func make(bytes: some Collection<UInt8>) -> String {
        make(String(decoding: bytes, as: UTF8.self))
    }

    public static func needsReplacing(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) { return true }
        // Bidi embeddings/overrides/isolates, and line/paragraph separators.
        if (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x2028 || v == 0x2029 { return true }
        if v == 0x200E || v == 0x200F || v == 0x061C { return true }
        return false
    }
}
