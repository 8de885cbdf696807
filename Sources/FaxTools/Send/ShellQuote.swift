/// POSIX shell quoting, for commands faxtop prints for the user to paste.
public enum ShellQuote {
    /// `text` as one shell word: unchanged when it is plainly safe, otherwise in single quotes with
    /// each `'` written as `'\''` (the only character single quotes cannot hold).
    public static func quote(_ text: String) -> String {
        if !text.isEmpty, text.unicodeScalars.allSatisfy(isSafe) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    private static func isSafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": return true
        case "-", "_", ".", "/", ":", ",", "+", "@", "%", "=": return true
        default: return false
        }
    }
}
