/// SQLite URI file names (`file:PATH?immutable=1`), for opening a cleanly closed store in a read-only
/// folder (see ``SQLiteEventStore``).
enum SQLiteURI {
    /// `path` as the path part of a SQLite URI: `%`, `?` and `#` escaped (SQLite decodes `%HH`), and
    /// an absolute path kept to one leading slash, since `file://x` would name a host.
    static func path(_ path: String) -> String {
        var escaped = ""
        for character in path.unicodeScalars {
            switch character {
            case "%": escaped += "%25"
            case "?": escaped += "%3F"
            case "#": escaped += "%23"
            default: escaped.unicodeScalars.append(character)
            }
        }
        while escaped.hasPrefix("//") { escaped.removeFirst() }
        return escaped
    }
}
