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
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if !needsReplacing(scalar) {
                out.append(scalar)
            } else if scalar.value < 0x20 {
                out.append(Unicode.Scalar(0x2400 + scalar.value)!)
            } else if scalar.value == 0x7F {
                out.append("\u{2421}")
            } else {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out.append(contentsOf: "\\u{\(hex)}".unicodeScalars)
            }
        }
        return String(out)
    }

    /// Bytes that may not be UTF-8: invalid sequences become U+FFFD, then as `make`.
    public static func make(bytes: some Collection<UInt8>) -> String {
        make(String(decoding: bytes, as: UTF8.self))
    }

    static func needsReplacing(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) { return true }
        // Bidi embeddings/overrides/isolates, and line/paragraph separators.
        if (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x2028 || v == 0x2029 { return true }
        if v == 0x200E || v == 0x200F || v == 0x061C { return true }
        return false
    }
}
