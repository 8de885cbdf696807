/// Finds the line of a key in TOML text, so that errors found after parsing (an unknown role, a bad
/// colour) can point at a line. TOMLKit does not keep source positions of values; this reads the
/// text the simple way: table headers, `key = value` lines and the keys of one-line inline tables.
/// Good enough for theme and config files; it never fails, it only returns `nil` when it has no idea.
public struct TOMLKeyLocator {
    private var entries: [(path: [String], line: Int)] = []

    public init(_ text: String) {
        var table: [String] = []
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = Self.trimmed(Self.stripComment(rawLine))
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                var inner = line.drop { $0 == "[" }
                if let close = inner.firstIndex(of: "]") { inner = inner[..<close] }
                table = Self.splitKey(inner)
                entries.append((table, lineNumber))
                continue
            }
            guard let equals = Self.firstIndex(of: "=", in: line) else { continue }
            let path = table + Self.splitKey(line[..<equals])
            entries.append((path, lineNumber))
            let value = Self.trimmed(line[line.index(after: equals)...])
            guard value.hasPrefix("{") else { continue }
            var inner = value.dropFirst()
            if let close = Self.lastIndex(of: "}", in: inner) { inner = inner[..<close] }
            for part in Self.splitTopLevel(inner) {
                guard let eq = Self.firstIndex(of: "=", in: part) else { continue }
                entries.append((path + Self.splitKey(part[..<eq]), lineNumber))
            }
        }
    }

    /// The line where `path` is set; else the line of its longest prefix that appears (the table
    /// holding it); else `nil`.
    public func line(of path: [String]) -> Int? {
        var best: (length: Int, line: Int)?
        for entry in entries where entry.path.count <= path.count && Array(path.prefix(entry.path.count)) == entry.path {
            if best == nil || entry.path.count > best!.length { best = (entry.path.count, entry.line) }
        }
        return best?.line
    }

    // MARK: - Scanning

    /// The line without a trailing `# comment`; `#` inside quotes (hex colours) stays.
    private static func stripComment(_ line: Substring) -> Substring {
        var quote: Character?
        var escaped = false
        for index in line.indices {
            let c = line[index]
            if let q = quote {
                if escaped { escaped = false } else if c == "\\" && q == "\"" { escaped = true } else if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "#" {
                return line[..<index]
            }
        }
        return line
    }

    /// First `target` outside quotes and brackets.
    private static func firstIndex(of target: Character, in text: Substring) -> Substring.Index? {
        var quote: Character?
        for index in text.indices {
            let c = text[index]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == target {
                return index
            }
        }
        return nil
    }

    private static func lastIndex(of target: Character, in text: Substring) -> Substring.Index? {
        text.lastIndex(of: target)
    }

    /// Splits `a = 1, b = [2, 3], c = "x,y"` at the commas that separate entries.
    private static func splitTopLevel(_ text: Substring) -> [Substring] {
        var parts: [Substring] = []
        var depth = 0
        var quote: Character?
        var start = text.startIndex
        for index in text.indices {
            let c = text[index]
            if let q = quote {
                if c == q { quote = nil }
                continue
            }
            switch c {
            case "\"", "'": quote = c
            case "[", "{": depth += 1
            case "]", "}": depth -= 1
            case "," where depth == 0:
                parts.append(text[start..<index])
                start = text.index(after: index)
            default: break
            }
        }
        parts.append(text[start...])
        return parts
    }

    /// `styles."json_key".fg` → ["styles", "json_key", "fg"].
    private static func splitKey(_ key: Substring) -> [String] {
        var parts: [String] = []
        var current = ""
        var quote: Character?
        for c in key {
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "." {
                parts.append(String(Self.trimmed(current[...])))
                current = ""
            } else {
                current.append(c)
            }
        }
        parts.append(String(Self.trimmed(current[...])))
        return parts
    }

    private static func trimmed(_ s: Substring) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = s.firstIndex(where: { !isSpace($0) }), let last = s.lastIndex(where: { !isSpace($0) }) else {
            return s[s.endIndex...]
        }
        return s[first...last]
    }
}
