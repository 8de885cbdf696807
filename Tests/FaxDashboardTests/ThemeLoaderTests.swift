import FaxCore
import Foundation
import Testing
@testable import FaxDashboard

/// The repository's `themes/` folder, found from this file.
private let repositoryThemes: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("themes").path

private let shippedThemes = ["default", "light", "mono", "dracula", "gruvbox-dark", "catppuccin-mocha", "solarized-dark"]

/// A fresh temporary folder, removed when `body` returns.
private func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-theme-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

private func write(_ text: String, to directory: String, as name: String) throws -> String {
    let path = (directory as NSString).appendingPathComponent(name)
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// The error `load(file:)` throws for `text`, or a test failure.
private func loadError(_ text: String, file name: String = "broken.toml") throws -> ThemeFileError? {
    try withTemporaryDirectory { directory -> ThemeFileError? in
        let path = try write(text, to: directory, as: name)
        do {
            let theme = try ThemeLoader.load(file: path)
            Issue.record("expected an error, loaded \(theme.name)")
            return nil
        } catch let error as ThemeFileError {
            #expect(error.file == path)
            #expect(error.description.hasPrefix("\(path):\(error.line ?? -1):"))
            return error
        }
    }
}

@Suite struct ThemeLoaderTests {
    // MARK: Shipped themes

    @Test func everyShippedThemeLoadsAndStylesEveryRole() throws {
        let files = ThemeLoader.themeFiles(in: repositoryThemes).map { ThemeLoader.stem(of: $0) }
        #expect(Set(files) == Set(shippedThemes))
        for name in shippedThemes {
            let theme = try ThemeLoader.load(file: "\(repositoryThemes)/\(name).toml")
            #expect(theme.name == name)
            for role in StyleRole.allCases {
                #expect(theme.styles[role] != nil, "\(name) lacks \(role.themeKey)")
            }
        }
    }

    @Test func shippedThemesStyleEveryRoleExplicitly() throws {
        // Inheriting is allowed, but the shipped themes should not lean on it by accident.
        for name in shippedThemes {
            let text = try String(contentsOfFile: "\(repositoryThemes)/\(name).toml", encoding: .utf8)
            for role in StyleRole.allCases {
                #expect(text.contains("\n\(role.themeKey) "), "\(name).toml does not style \(role.themeKey)")
            }
        }
    }

    @Test func defaultFileIsTheBuiltinDefault() throws {
        let theme = try ThemeLoader.load(file: "\(repositoryThemes)/default.toml")
        #expect(theme == Theme.builtinDefault)
        for role in StyleRole.allCases {
            #expect(theme.styles[role] == Theme.builtinDefault.styles[role], "\(role.themeKey)")
        }
    }

    @Test func monoHasNoColours() throws {
        let theme = try ThemeLoader.load(file: "\(repositoryThemes)/mono.toml")
        for (role, style) in theme.styles {
            #expect(style.foreground == .terminalDefault, "\(role.themeKey)")
            #expect(style.background == .terminalDefault, "\(role.themeKey)")
        }
        // Without colour, outcomes still differ from each other.
        let outcomes: [StyleRole] = [.succeeded, .partial, .failed, .noCredit, .rejected]
        #expect(Set(outcomes.map { theme.style($0) }).count == outcomes.count)
        #expect(theme.style(.selected).reverse)
    }

    @Test func outcomesLookDifferentInEveryTheme() throws {
        for name in shippedThemes {
            let theme = try ThemeLoader.load(file: "\(repositoryThemes)/\(name).toml")
            let outcomes: [StyleRole] = [.succeeded, .partial, .failed, .noCredit, .rejected]
            #expect(Set(outcomes.map { theme.style($0) }).count == outcomes.count, "\(name)")
            #expect(theme.style(.selected) != theme.style(.normal), "\(name)")
        }
    }

    // MARK: Format

    @Test func minimalFileInheritsFromTheDefault() throws {
        let theme = try ThemeLoader.parse("""
            [palette]
            lime = "#0f0"
            [styles]
            succeeded = { fg = "lime", attrs = ["bold", "underline"] }
            """, file: "mini.toml", defaultName: "mini")
        #expect(theme.name == "mini")
        #expect(theme.style(.succeeded) == Theme.Style(foreground: .rgb(0, 255, 0), bold: true, underline: true))
        var expected = Theme.builtinDefault.styles
        expected[.succeeded] = theme.style(.succeeded)
        #expect(theme.styles == expected)
    }

    @Test func emptyFileIsTheDefaultUnderItsOwnName() throws {
        let theme = try ThemeLoader.parse("", file: "empty.toml", defaultName: "empty")
        #expect(theme == Theme(name: "empty", styles: Theme.builtinDefault.styles))
    }

    @Test func colourForms() throws {
        let theme = try ThemeLoader.parse("""
            name = "forms"
            [palette]
            six = "#A0b1C2"
            three = "#f80"
            number = 213
            text = "42"
            plain = "default"
            [styles]
            normal = { fg = "six", bg = "three" }
            dim = { fg = "number", bg = "text" }
            header = { fg = "plain" }
            title = { fg = "#102030", bg = 7 }
            border = { fg = "200", bg = "default", attrs = "dim" }
            [styles.selected]
            fg = "six"
            attrs = ["reverse"]
            """, file: "forms.toml", defaultName: "ignored")
        #expect(theme.name == "forms")
        #expect(theme.style(.normal) == .init(foreground: .rgb(0xA0, 0xB1, 0xC2), background: .rgb(0xFF, 0x88, 0x00)))
        #expect(theme.style(.dim) == .init(foreground: .index(213), background: .index(42)))
        #expect(theme.style(.header) == .init())
        #expect(theme.style(.title) == .init(foreground: .rgb(0x10, 0x20, 0x30), background: .index(7)))
        #expect(theme.style(.border) == .init(foreground: .index(200), dim: true))
        #expect(theme.style(.selected) == .init(foreground: .rgb(0xA0, 0xB1, 0xC2), reverse: true))
    }

    // MARK: Broken files name the file and the line

    @Test func syntaxErrorGivesLineAndColumn() throws {
        let error = try loadError("""
            name = "broken"

            [palette]
            red = "#ff0000"
            green = "#00ff00
            """)
        #expect(error?.line == 5)
        #expect(error?.column != nil)
        #expect(error?.message.contains("TOML syntax error") == true)
    }

    @Test func unknownRole() throws {
        let error = try loadError("""
            [palette]
            red = "#ff0000"

            [styles]
            normal = { fg = "red" }
            fialed = { fg = "red" }
            """)
        #expect(error?.line == 6)
        #expect(error?.message.contains("unknown role \"fialed\"") == true)
    }

    @Test func unknownPaletteName() throws {
        let error = try loadError("""
            # a comment with red = and [styles] in it
            [palette]
            red = "#ff0000"   # "chartreuse" here is a comment

            [styles]
            normal = { fg = "red" }
            failed = { fg = "chartreuse", attrs = ["bold"] }
            """)
        #expect(error?.line == 7)
        #expect(error?.message.hasPrefix("unknown colour \"chartreuse\" for styles.failed.fg") == true)
        #expect(error?.description.hasSuffix(":7: " + (error?.message ?? "")) == true)
    }

    @Test func unknownColourInStandardTable() throws {
        let error = try loadError("""
            [palette]
            red = "#ff0000"

            [styles.failed]
            attrs = ["bold"]
            bg = "nope"
            """)
        #expect(error?.line == 6)
        #expect(error?.message.contains("styles.failed.bg") == true)
    }

    @Test func badHex() throws {
        let error = try loadError("""
            name = "x"
            [palette]
            red = "#ff0000"
            green = "#00gg00"
            """)
        #expect(error?.line == 4)
        #expect(error?.message.contains("bad colour \"#00gg00\" for palette.green") == true)
    }

    @Test func badHexInStyle() throws {
        let error = try loadError("""
            [styles]
            normal = { fg = "#12345" }
            """)
        #expect(error?.line == 2)
        #expect(error?.message.contains("styles.normal.fg") == true)
    }

    @Test func indexOutOfRange() throws {
        let error = try loadError("""
            [palette]
            a = 12
            b = 256
            """)
        #expect(error?.line == 3)
        #expect(error?.message.contains("out of range") == true)
    }

    @Test func unknownAttribute() throws {
        let error = try loadError("""
            [styles]
            normal = { fg = "default" }
            title = { attrs = ["bold", "blink"] }
            """)
        #expect(error?.line == 3)
        #expect(error?.message.contains("unknown attribute \"blink\"") == true)
    }

    @Test func unknownKeys() throws {
        let top = try loadError("""
            name = "x"
            [style]
            normal = { fg = "default" }
            """)
        #expect(top?.line == 2)
        let inStyle = try loadError("""
            [styles]
            normal = { fg = "default", colour = "red" }
            """)
        #expect(inStyle?.line == 2)
        #expect(inStyle?.message.contains("unknown key \"colour\"") == true)
    }

    @Test func wrongTypes() throws {
        #expect(try loadError("name = 3\n")?.line == 1)
        #expect(try loadError("[styles]\nnormal = \"red\"\n")?.line == 2)
        #expect(try loadError("[styles]\nnormal = { attrs = [1] }\n")?.line == 2)
    }

    @Test func missingFile() throws {
        #expect(throws: ThemeFileError.self) { try ThemeLoader.load(file: "/nonexistent/faxtop/theme.toml") }
        do {
            _ = try ThemeLoader.load(file: "/nonexistent/faxtop/theme.toml")
        } catch {
            #expect(error.description.hasPrefix("/nonexistent/faxtop/theme.toml: cannot read theme file"))
        }
    }

    // MARK: Lookup

    @Test func repositoryThemesAreAvailableWithDefaultFirst() throws {
        let catalog = ThemeLoader.available(in: ThemeSearchPaths(userDirectory: nil, otherDirectories: [repositoryThemes]))
        #expect(catalog.names == ["default", "catppuccin-mocha", "dracula", "gruvbox-dark", "light", "mono", "solarized-dark"])
        #expect(catalog.problems.isEmpty)
        #expect(catalog.selectedIndex == 0)
    }

    /// A binary copied anywhere, with no theme folder at all, still knows every shipped theme.
    @Test func everyShippedThemeWithoutAnyFolder() throws {
        let catalog = try ThemeLoader.resolve(nil, paths: ThemeSearchPaths(userDirectory: "/nonexistent"))
        #expect(catalog.names == ["default", "catppuccin-mocha", "dracula", "gruvbox-dark", "light", "mono", "solarized-dark"])
        #expect(catalog.selected.name == "default")
        #expect(catalog.sources.isEmpty, "none came from a file")
        #expect(try ThemeLoader.resolve("dracula", paths: ThemeSearchPaths(userDirectory: "/nonexistent")).selected
            == ThemeLoader.load(file: "\(repositoryThemes)/dracula.toml"))
    }

    /// The themes compiled in are the files of `themes/`, byte for byte (`scripts/embed-themes` writes them).
    @Test func embeddedThemesAreTheThemeFiles() throws {
        let files = ThemeLoader.themeFiles(in: repositoryThemes).map { ($0 as NSString).lastPathComponent }
        #expect(EmbeddedThemes.files.map(\.name) == files, "run scripts/embed-themes")
        for file in EmbeddedThemes.files {
            let text = try String(contentsOfFile: "\(repositoryThemes)/\(file.name)", encoding: .utf8)
            #expect(file.text + "\n" == text, "\(file.name) differs from its file: run scripts/embed-themes")
        }
        #expect(ThemeLoader.embeddedThemes.count == files.count, "every embedded theme parses")
    }

    @Test func userThemesOverrideRepositoryThemes() throws {
        try withTemporaryDirectory { root in
            let user = (root as NSString).appendingPathComponent("config/faxtop/themes")
            _ = try write("[styles]\nnormal = { fg = 1 }\n", to: user, as: "dracula.toml")
            _ = try write("[styles]\nnormal = { fg = 2 }\n", to: user, as: "mine.toml")
            let catalog = ThemeLoader.available(in: ThemeSearchPaths(userDirectory: user, otherDirectories: [repositoryThemes]))
            #expect(catalog.names == ["default", "catppuccin-mocha", "dracula", "gruvbox-dark", "light", "mine", "mono", "solarized-dark"])
            let dracula = catalog.themes.first { $0.name == "dracula" }
            #expect(dracula?.style(.normal).foreground == .index(1))
            #expect(catalog.sources["dracula"] == "\(user)/dracula.toml")
            #expect(catalog.sources["light"] == "\(repositoryThemes)/light.toml")

            let chosen = try ThemeLoader.resolve("mine", paths: ThemeSearchPaths(userDirectory: user, otherDirectories: [repositoryThemes]))
            #expect(chosen.selected.name == "mine")
            #expect(chosen.selected.style(.normal).foreground == .index(2))
        }
    }

    @Test func userDefaultReplacesTheBuiltinDefault() throws {
        try withTemporaryDirectory { user in
            _ = try write("[styles]\nnormal = { fg = 5 }\n", to: user, as: "default.toml")
            let catalog = try ThemeLoader.resolve(nil, paths: ThemeSearchPaths(userDirectory: user, otherDirectories: [repositoryThemes]))
            #expect(catalog.selected.name == "default")
            #expect(catalog.selected.style(.normal).foreground == .index(5))
            #expect(catalog.names.filter { $0 == "default" }.count == 1)
        }
    }

    @Test func resolveByName() throws {
        let paths = ThemeSearchPaths(userDirectory: nil, otherDirectories: [repositoryThemes])
        let catalog = try ThemeLoader.resolve("gruvbox-dark", paths: paths)
        #expect(catalog.selected.name == "gruvbox-dark")
        #expect(catalog.themes[catalog.selectedIndex] == catalog.selected)
        #expect(catalog.names.first == "default")
        // A file name that is not a file here means the theme of that name.
        #expect(try ThemeLoader.resolve("dracula.toml", paths: paths).selected.name == "dracula")
        #expect(throws: ThemeFileError.self) { try ThemeLoader.resolve("./dracula.toml", paths: paths) }
    }

    @Test func resolveByFileStemWhenTheNameDiffers() throws {
        try withTemporaryDirectory { user in
            _ = try write("name = \"Fancy Name\"\n", to: user, as: "fancy.toml")
            let catalog = try ThemeLoader.resolve("fancy", paths: ThemeSearchPaths(userDirectory: user, otherDirectories: []))
            #expect(catalog.selected.name == "Fancy Name")
        }
    }

    @Test func resolvePath() throws {
        try withTemporaryDirectory { directory in
            let path = try write("[styles]\nnormal = { fg = \"#123456\" }\n", to: directory, as: "ocean.toml")
            let paths = ThemeSearchPaths(userDirectory: nil, otherDirectories: [repositoryThemes])
            let catalog = try ThemeLoader.resolve(path, paths: paths)
            #expect(catalog.selected.name == "ocean")
            #expect(catalog.selected.style(.normal).foreground == .rgb(0x12, 0x34, 0x56))
            #expect(catalog.names.contains("dracula"))
            #expect(catalog.sources["ocean"] == path)

            // A file of an existing name replaces that theme in the list.
            let light = try write("name = \"light\"\n[styles]\nnormal = { fg = 3 }\n", to: directory, as: "my-light.toml")
            let replaced = try ThemeLoader.resolve(light, paths: paths)
            #expect(replaced.names.filter { $0 == "light" }.count == 1)
            #expect(replaced.selected.name == "light")
            #expect(replaced.selected.style(.normal).foreground == .index(3))
        }
    }

    @Test func resolveBrokenPathThrowsItsError() throws {
        try withTemporaryDirectory { directory in
            let path = try write("[styles]\nnormal = { fg = \"nope\" }\n", to: directory, as: "bad.toml")
            do {
                _ = try ThemeLoader.resolve(path, paths: ThemeSearchPaths(userDirectory: nil, otherDirectories: []))
                Issue.record("expected an error")
            } catch let error as ThemeFileError {
                #expect(error.description.hasPrefix("\(path):2: unknown colour \"nope\""))
            }
        }
    }

    @Test func unknownNameListsTheAvailableThemes() throws {
        let paths = ThemeSearchPaths(userDirectory: nil, otherDirectories: [repositoryThemes])
        do {
            _ = try ThemeLoader.resolve("nord", paths: paths)
            Issue.record("expected an error")
        } catch let error as UnknownThemeError {
            #expect(error.name == "nord")
            #expect(error.available == ["default", "catppuccin-mocha", "dracula", "gruvbox-dark", "light", "mono", "solarized-dark"])
            #expect(error.description.hasPrefix("unknown theme \"nord\"; available: default, catppuccin-mocha, dracula,"))
            #expect(error.description.contains(repositoryThemes))
        }
    }

    @Test func brokenFilesAreSkippedUnlessChosen() throws {
        try withTemporaryDirectory { user in
            let broken = try write("[styles]\nnormal = { fg = \"nope\" }\n", to: user, as: "broken.toml")
            let paths = ThemeSearchPaths(userDirectory: user, otherDirectories: [repositoryThemes])
            let catalog = try ThemeLoader.resolve("dracula", paths: paths)
            #expect(catalog.selected.name == "dracula")
            #expect(!catalog.names.contains("broken"))
            #expect(catalog.problems.map(\.file) == [broken])
            do {
                _ = try ThemeLoader.resolve("broken", paths: paths)
                Issue.record("expected an error")
            } catch let error as ThemeFileError {
                #expect(error.file == broken)
                #expect(error.line == 2)
            }
        }
    }

    @Test func searchPaths() throws {
        #expect(ThemeSearchPaths.userDirectory(environment: ["XDG_CONFIG_HOME": "/x/config", "HOME": "/home/u"]) == "/x/config/faxtop/themes")
        #expect(ThemeSearchPaths.userDirectory(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/home/u"]) == "/home/u/.config/faxtop/themes")
        #expect(ThemeSearchPaths.userDirectory(environment: ["HOME": "/home/u"]) == "/home/u/.config/faxtop/themes")

        #expect(ThemeSearchPaths.standard(environment: ["XDG_CONFIG_HOME": "/x/config"])
            == ThemeSearchPaths(userDirectory: "/x/config/faxtop/themes"))
        let paths = ThemeSearchPaths(userDirectory: "/u", otherDirectories: ["/a", "/u", "/b"])
        #expect(paths.directories == ["/u", "/a", "/b"])
    }

    // MARK: Line finding

    @Test func locatorFindsKeys() {
        let locator = TOMLKeyLocator("""
            name = "x" # note
            [palette]
            "quoted.key" = "#fff"
            [styles]
            normal = { fg = "a", bg = "b", attrs = ["bold", "dim"] }
            styles.other = 1
            [styles.failed]
            fg = "c"
            """)
        #expect(locator.line(of: ["name"]) == 1)
        #expect(locator.line(of: ["palette", "quoted.key"]) == 3)
        #expect(locator.line(of: ["styles", "normal", "bg"]) == 5)
        #expect(locator.line(of: ["styles", "normal", "attrs"]) == 5)
        #expect(locator.line(of: ["styles", "failed", "fg"]) == 8)
        #expect(locator.line(of: ["styles", "failed", "bg"]) == 7)
        #expect(locator.line(of: ["styles", "missing"]) == 4)
        #expect(locator.line(of: ["nothing"]) == nil)
    }
}
