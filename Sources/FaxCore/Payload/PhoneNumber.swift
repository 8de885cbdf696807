import Foundation

/// Fax numbers arrive in many spellings (`+1 212-555-0147`, `(212) 555 0147`, `12125550147`).
/// faxtop matches and aggregates on the digits alone.
public enum PhoneNumber {
    /// The ASCII digits of `text`, in order; other characters (spaces, `+`, dashes, letters) dropped.
    public static func digits(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where scalar.value >= 0x30 && scalar.value <= 0x39 {
            result.append(scalar)
        }
        return String(result)
    }

    /// The key a number is aggregated under: its digits, or the trimmed text when it has none
    /// (free-account user ids and withheld callers such as `anonymous` still get a row).
    public static func statsKey(_ text: String) -> String {
        let d = digits(text)
        if !d.isEmpty { return d }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? "(none)" : trimmed
    }
}
