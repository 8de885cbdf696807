/// Where `:goto` goes, as typed: a time of day (`14:30`, `14:30:15`), a date or a date and time
/// (`2026-12-01`, `2026-12-01 14:30`, anything `faxtop export --since` takes), or a time ago (`-2h`,
/// `-90s`, `-1h30m`, `-2d`). UTC throughout, like the feed's times.
public enum TimeTarget: Sendable, Equatable {
    /// Seconds since midnight (UTC): its latest occurrence not after now, so `14:30` typed at 09:00 means
    /// yesterday's, the one that has deliveries after it.
    case timeOfDay(seconds: Int64)
    /// Milliseconds since 1970.
    case instant(Int64)
    /// Seconds before now.
    case ago(seconds: Int64)

    public static func parse(_ text: String) -> TimeTarget? {
        let text = text.trimmingSpaces()
        if text.hasPrefix("-") { return agoSeconds(text.dropFirst()).map { .ago(seconds: $0) } }
        if let seconds = secondsOfDay(text) { return .timeOfDay(seconds: seconds) }
        // `2026-12-01 14:30` without seconds, as people write it.
        if text.count == 16, let instant = InstantText.milliseconds(text + ":00") { return .instant(instant) }
        return InstantText.milliseconds(text).map { .instant($0) }
    }

    /// The time meant, in milliseconds since 1970, when it is `now`.
    public func milliseconds(now: Int64) -> Int64 {
        switch self {
        case .instant(let milliseconds): return milliseconds
        case .ago(let seconds): return now - seconds * 1000
        case .timeOfDay(let seconds):
            let day: Int64 = 86_400_000
            let today = now - ((now % day) + day) % day + seconds * 1000
            return today <= now ? today : today - day
        }
    }

    /// `HH:mm` or `HH:mm:ss`.
    private static func secondsOfDay(_ text: String) -> Int64? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
              let hours = Int64(parts[0]), let minutes = Int64(parts[1]), hours < 24, minutes < 60 else { return nil }
        let seconds = parts.count == 3 ? Int64(parts[2]) : 0
        guard let seconds, seconds < 60 else { return nil }
        return hours * 3600 + minutes * 60 + seconds
    }

    /// `2h`, `90s`, `1h30m`, `2d`: numbers each followed by a unit, at least one.
    private static func agoSeconds(_ text: Substring) -> Int64? {
        var total: Int64 = 0
        var number = ""
        for character in text {
            if let digit = character.wholeNumberValue, character.isASCII {
                guard number.count < 9 else { return nil }
                number.append(Character(String(digit)))
                continue
            }
            let unit: Int64
            switch character {
            case "s": unit = 1
            case "m": unit = 60
            case "h": unit = 3600
            case "d": unit = 86_400
            default: return nil
            }
            guard let value = Int64(number) else { return nil }
            total += value * unit
            number = ""
        }
        return number.isEmpty && total > 0 ? total : nil
    }
}

extension String {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
