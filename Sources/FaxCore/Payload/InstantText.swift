/// A point in time typed by a person or copied from faxtop's own output (`faxtop export --since`):
/// `YYYY-MM-DD`, or a date and time with a space or `T` between, optional fractions of a second, and
/// an optional zone (`Z`, `+01:00`, `-0530`). Without a zone the time is UTC, as Fax.Plus's are.
public enum InstantText {
    /// Milliseconds since 1970-01-01 UTC, or nil if `text` is none of the forms above.
    public static func milliseconds(_ text: String) -> Int64? {
        var rest = Substring(text)
        guard rest.count >= 10, let day = FaxTimestamp.parse(String(rest.prefix(10)) + " 00:00:00") else { return nil }
        rest = rest.dropFirst(10)
        if rest.isEmpty { return day * 1000 }
        // The time of day: the separator, HH:mm:ss.
        guard rest.count >= 9, let clock = FaxTimestamp.parse(String(text.prefix(10)) + " " + String(rest.dropFirst().prefix(8))),
              rest.first == " " || rest.first == "T"
        else { return nil }
        rest = rest.dropFirst(9)
        var millis: Int64 = 0
        if rest.first == "." || rest.first == "," {
            let digits = rest.dropFirst().prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty else { return nil }
            // Milliseconds from the first three digits; finer ones are dropped.
            for (index, digit) in digits.prefix(3).enumerated() {
                millis += Int64(digit.asciiValue! - 0x30) * [100, 10, 1][index]
            }
            rest = rest.dropFirst(1 + digits.count)
        }
        var offsetSeconds: Int64 = 0
        if rest == "Z" || rest == "z" {
            rest = ""
        } else if let sign = rest.first, sign == "+" || sign == "-" {
            // Exactly HH:MM or HHMM: a colon elsewhere (`+1:000`) is a typo, not a zone.
            var zone = Array(rest.dropFirst())
            if zone.count == 5, zone[2] == ":" { zone.remove(at: 2) }
            guard zone.count == 4, zone.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let hours = Int64(String(zone[0..<2])), let minutes = Int64(String(zone[2..<4])), hours < 24, minutes < 60
            else { return nil }
            offsetSeconds = (hours * 3600 + minutes * 60) * (sign == "+" ? 1 : -1)
            rest = ""
        }
        guard rest.isEmpty else { return nil }
        // 12:00+01:00 is 11:00 UTC.
        return (clock - offsetSeconds) * 1000 + millis
    }
}
