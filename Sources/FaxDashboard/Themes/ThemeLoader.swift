import FaxCore
import Foundation
import TOMLKit

/// Reads theme files (`themes/*.toml`, format described at the top of `themes/default.toml`) and
/// finds the themes a user can choose from.
public enum ThemeLoader {
    /// Reads the theme file at `path`. Its name is its `name` key, or else the file name without
    /// `.toml`. Errors name `path` as given.
    public static func load(file path: String) throws(ThemeFileError) -> Theme {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ThemeFileError(file: path, line: nil, message: "cannot read theme file (\(Self.reason(error)))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ThemeFileError(file: path, line: nil, message: "not UTF-8 text")
        }
        return try parse(text, file: path, defaultName: stem(of: path))
    }

    /// Parses the text of a theme file. `file` is only used in error messages; `defaultName` is the
    /// theme's name when the text has no `name` key. Roles the text does not style keep the
    /// built-in default's style.
    public static func parse(_ text: String, file: String, defaultName: String) throws(ThemeFileError) -> Theme {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            let begin = error.source.begin
            throw ThemeFileError(file: file, line: begin.line > 0 ? begin.line : nil,
                                 column: begin.column > 0 ? begin.column : nil,
                                 message: "TOML syntax error: \(error.description)")
        } catch {
            throw ThemeFileError(file: file, line: nil, message: "TOML syntax error: \(error)")
        }
        return try ThemeParser(file: file, text: text).theme(from: table, defaultName: defaultName)
    }

    static func stem(of path: String) -> String {
        let last = path.split(separator: "/").last.map(String.init) ?? path
        return last.hasSuffix(".toml") ? String(last.dropLast(5)) : last
    }

    private static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        if ns.domain == NSCocoaErrorDomain, ns.code == NSFileReadNoSuchFileError { return "no such file" }
        return ns.localizedDescription
    }
}

/// Turns a parsed TOML table into a ``Theme``, checking every key.
private struct ThemeParser {
    let file: String
    let locator: TOMLKeyLocator

    init(file: String, text: String) {
        self.file = file
        self.locator = TOMLKeyLocator(text)
    }

    static let topLevelKeys = ["name", "description", "palette", "styles"]
    static let styleKeys = ["fg", "bg", "attrs"]
    static let attributes = ["bold", "dim", "reverse", "underline"]
    static let rolesByKey: [String: StyleRole] = Dictionary(uniqueKeysWithValues: StyleRole.allCases.map { ($0.themeKey, $0) })

    func fail(_ path: [String], _ message: String) -> ThemeFileError {
        ThemeFileError(file: file, line: locator.line(of: path), message: message)
    }

    func theme(from table: TOMLTable, defaultName: String) throws(ThemeFileError) -> Theme {
        for key in table.keys where !Self.topLevelKeys.contains(key) {
            throw fail([key], "unknown key \"\(key)\" (a theme file has \(Self.list(Self.topLevelKeys)))")
        }
        var name = defaultName
        if let value = table["name"] {
            guard let string = value.string, !string.isEmpty else {
                throw fail(["name"], "name must be a non-empty string")
            }
            name = string
        }
        if let value = table["description"], value.string == nil {
            throw fail(["description"], "description must be a string")
        }

        var palette: [String: Theme.Color] = [:]
        if let value = table["palette"] {
            guard let paletteTable = value.table else { throw fail(["palette"], "[palette] must be a table") }
            for (key, entry) in paletteTable {
                let path = ["palette", key]
                if key == "default" {
                    throw fail(path, "\"default\" is reserved for the terminal's own colour; choose another palette name")
                }
                guard let color = try literalColor(entry, path: path) else {
                    throw fail(path, "bad colour \(Self.show(entry)) for palette.\(key) (expected \"#rrggbb\", \"#rgb\", an xterm index 0-255 or \"default\")")
                }
                palette[key] = color
            }
        }

        var styles = Theme.builtinDefault.styles
        if let value = table["styles"] {
            guard let stylesTable = value.table else { throw fail(["styles"], "[styles] must be a table") }
            for (key, entry) in stylesTable {
                guard let role = Self.rolesByKey[key] else {
                    throw fail(["styles", key], "unknown role \"\(key)\" in [styles] (roles: \(Self.rolesByKey.keys.sorted().joined(separator: ", ")))")
                }
                styles[role] = try style(entry, role: key, palette: palette)
            }
        }
        return Theme(name: name, styles: styles)
    }

    private func style(_ value: any TOMLValueConvertible, role: String, palette: [String: Theme.Color]) throws(ThemeFileError) -> Theme.Style {
        let path = ["styles", role]
        guard let table = value.table else {
            throw fail(path, "styles.\(role) must be a table like { fg = \"green\", attrs = [\"bold\"] }")
        }
        var style = Theme.Style()
        for key in table.keys where !Self.styleKeys.contains(key) {
            throw fail(path + [key], "unknown key \"\(key)\" in styles.\(role) (expected \(Self.list(Self.styleKeys)))")
        }
        if let fg = table["fg"] { style.foreground = try color(fg, path: path + ["fg"], palette: palette) }
        if let bg = table["bg"] { style.background = try color(bg, path: path + ["bg"], palette: palette) }
        if let attrs = table["attrs"] {
            let attrPath = path + ["attrs"]
            var names: [String] = []
            if let single = attrs.string {
                names = [single]
            } else if let array = attrs.array {
                for element in array {
                    guard let string = element.string else {
                        throw fail(attrPath, "attribute \(Self.show(element)) in styles.\(role).attrs must be a string")
                    }
                    names.append(string)
                }
            } else {
                throw fail(attrPath, "styles.\(role).attrs must be a list like [\"bold\", \"underline\"]")
            }
            for attribute in names {
                switch attribute {
                case "bold": style.bold = true
                case "dim": style.dim = true
                case "reverse": style.reverse = true
                case "underline": style.underline = true
                default:
                    throw fail(attrPath, "unknown attribute \"\(attribute)\" for styles.\(role).attrs (expected \(Self.list(Self.attributes)))")
                }
            }
        }
        return style
    }

    /// A style's fg or bg: a palette name, or a literal colour.
    private func color(_ value: any TOMLValueConvertible, path: [String], palette: [String: Theme.Color]) throws(ThemeFileError) -> Theme.Color {
        let where_ = path.joined(separator: ".")
        if let name = value.string, !name.hasPrefix("#"), name != "default", !name.allSatisfy(\.isASCIIDigit) {
            if let color = palette[name] { return color }
            let known = palette.isEmpty ? "the [palette] is empty" : "palette: \(palette.keys.sorted().joined(separator: ", "))"
            throw fail(path, "unknown colour \"\(name)\" for \(where_) (\(known); or use \"#rrggbb\", an xterm index 0-255 or \"default\")")
        }
        guard let color = try literalColor(value, path: path) else {
            throw fail(path, "bad colour \(Self.show(value)) for \(where_) (expected a palette name, \"#rrggbb\", \"#rgb\", an xterm index 0-255 or \"default\")")
        }
        return color
    }

    /// `"#rrggbb"`, `"#rgb"`, `"default"`, an integer 0-255 or such an integer as a string; `nil`
    /// for anything else. Throws for an index out of range, to say so precisely.
    private func literalColor(_ value: any TOMLValueConvertible, path: [String]) throws(ThemeFileError) -> Theme.Color? {
        if let int = value.int { return try index(int, text: String(int), path: path) }
        guard let string = value.string else { return nil }
        if string == "default" { return .terminalDefault }
        if !string.isEmpty, string.allSatisfy(\.isASCIIDigit) {
            return try index(Int(string) ?? Int.max, text: string, path: path)
        }
        return Self.hex(string)
    }

    private func index(_ value: Int, text: String, path: [String]) throws(ThemeFileError) -> Theme.Color {
        guard (0...255).contains(value) else {
            throw fail(path, "colour index \(text) for \(path.joined(separator: ".")) is out of range 0-255")
        }
        return .index(value)
    }

    static func hex(_ string: String) -> Theme.Color? {
        guard string.hasPrefix("#") else { return nil }
        let digits = Array(string.dropFirst())
        guard digits.count == 3 || digits.count == 6, digits.allSatisfy(\.isHexDigit) else { return nil }
        let values = digits.map { UInt8($0.hexDigitValue!) }
        if digits.count == 3 { return .rgb(values[0] * 17, values[1] * 17, values[2] * 17) }
        return .rgb(values[0] << 4 | values[1], values[2] << 4 | values[3], values[4] << 4 | values[5])
    }

    static func show(_ value: any TOMLValueConvertible) -> String {
        if let string = value.string { return "\"\(string)\"" }
        return value.debugDescription
    }

    static func list(_ names: [String]) -> String {
        names.map { "\"\($0)\"" }.joined(separator: ", ")
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
