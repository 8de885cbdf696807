import FaxCore
import Foundation

/// Where theme files are looked for, most important first: the user's folder, then any other folders
/// given. The themes of the repository's `themes/` come after all of them, compiled into the binary
/// (``EmbeddedThemes``), so a binary copied anywhere knows every one.
public struct ThemeSearchPaths: Sendable, Equatable {
    /// `$XDG_CONFIG_HOME/faxtop/themes`, or `~/.config/faxtop/themes`.
    public var userDirectory: String?
    /// Further folders after the user's (none in a normal run).
    public var otherDirectories: [String]

    public init(userDirectory: String?, otherDirectories: [String] = []) {
        self.userDirectory = userDirectory
        self.otherDirectories = otherDirectories
    }

    /// Folders in lookup order, without duplicates.
    public var directories: [String] {
        var seen = Set<String>()
        return ([userDirectory].compactMap { $0 } + otherDirectories).filter { seen.insert($0).inserted }
    }

    /// The user's folder, from the running process's environment unless one is given.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> ThemeSearchPaths {
        ThemeSearchPaths(userDirectory: userDirectory(environment: environment))
    }

    /// `$XDG_CONFIG_HOME/faxtop/themes` when that variable is an absolute path (as the XDG spec
    /// asks), else `$HOME/.config/faxtop/themes`.
    public static func userDirectory(environment: [String: String]) -> String? {
        XDGDirectory.config.faxtopDirectory(environment: environment) + "/themes"
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}

/// The themes a user can cycle through with `t`, and the one to start with.
public struct ThemeCatalog: Sendable, Equatable {
    /// `default` first, then the others by name; names are unique.
    public var themes: [Theme]
    /// Index of the theme to start with in ``themes``.
    public var selectedIndex: Int
    /// Files that were skipped because they are broken (the chosen theme's file never is: that
    /// is an error). Worth a warning, not worth refusing to start.
    public var problems: [ThemeFileError]
    /// Where each theme came from: a file path; themes compiled into the binary have none.
    public var sources: [String: String]

    public var selected: Theme { themes[selectedIndex] }
    public var names: [String] { themes.map(\.name) }
}

extension ThemeLoader {
    /// Every theme found in `paths`, then the themes compiled into the binary. A theme is known by its
    /// name (its `name` key, else its file name); a theme in an earlier folder hides a later one of the
    /// same name, and a file hides a compiled-in theme of its name.
    public static func available(in paths: ThemeSearchPaths) -> ThemeCatalog {
        var found: [String: (theme: Theme, file: String)] = [:]
        var problems: [ThemeFileError] = []
        for directory in paths.directories {
            for file in themeFiles(in: directory) {
                do {
                    let theme = try load(file: file)
                    if found[theme.name] == nil { found[theme.name] = (theme, file) }
                } catch {
                    problems.append(error)
                }
            }
        }
        var themes = found.values.map(\.theme)
        var sources: [String: String] = [:]
        for (name, entry) in found { sources[name] = entry.file }
        var names = Set(found.keys)
        for embedded in embeddedThemes where names.insert(embedded.name).inserted { themes.append(embedded) }
        if names.insert("default").inserted { themes.append(.builtinDefault) }
        return ThemeCatalog(themes: ordered(themes), selectedIndex: 0, problems: problems, sources: sources)
    }

    /// The themes compiled into the binary, parsed once. They are checked against `themes/` by the
    /// tests, so a broken one never ships; should one fail all the same, it is left out.
    static let embeddedThemes: [Theme] = EmbeddedThemes.files.compactMap { file in
        try? parse(file.text, file: "(built in) \(file.name)", defaultName: stem(of: file.name))
    }

    /// Resolves `--theme NAME|PATH` (nil: the default theme) against the themes in `paths`.
    ///
    /// - A request containing `/`, or ending in `.toml` and naming an existing file, is a file: it is
    ///   loaded (errors are thrown as ``ThemeFileError``) and joins the list, replacing a found
    ///   theme of the same name. (`dracula.toml` with no such file is the name `dracula`.)
    /// - Otherwise it is a name (or a file name without `.toml`) of a found theme; a broken file of
    ///   that name throws its ``ThemeFileError``, an unknown name throws ``UnknownThemeError``
    ///   listing the available names.
    ///
    /// Other broken files do not stop start-up; they are listed in ``ThemeCatalog/problems``.
    public static func resolve(_ request: String?, paths: ThemeSearchPaths = .standard()) throws -> ThemeCatalog {
        var catalog = available(in: paths)
        guard let request, !request.isEmpty else {
            catalog.selectedIndex = catalog.themes.firstIndex { $0.name == "default" } ?? 0
            return catalog
        }
        // `dracula.toml` with no such file here means the theme `dracula`.
        let isPath = request.contains("/") || (request.hasSuffix(".toml") && FileManager.default.fileExists(atPath: request))
        let name = isPath || !request.hasSuffix(".toml") ? request : stem(of: request)
        if isPath {
            let theme = try load(file: request)
            var themes = catalog.themes.filter { $0.name != theme.name }
            themes.append(theme)
            catalog.themes = ordered(themes)
            catalog.sources[theme.name] = request
            catalog.selectedIndex = catalog.themes.firstIndex { $0.name == theme.name }!
            return catalog
        }
        if let index = catalog.themes.firstIndex(where: { $0.name == name }) {
            catalog.selectedIndex = index
            return catalog
        }
        if let found = catalog.sources.first(where: { stem(of: $0.value) == name })?.key,
           let index = catalog.themes.firstIndex(where: { $0.name == found }) {
            catalog.selectedIndex = index
            return catalog
        }
        if let problem = catalog.problems.first(where: { stem(of: $0.file) == name }) { throw problem }
        throw UnknownThemeError(name: name, available: catalog.names, searched: paths.directories)
    }

    /// `*.toml` files directly in `directory`, by file name.
    static func themeFiles(in directory: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.filter { $0.hasSuffix(".toml") && !$0.hasPrefix(".") }.sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
            .filter { !ThemeSearchPaths.isDirectory($0) }
    }

    /// `default` first, then by name (case-insensitively, then exactly, so the order is stable).
    static func ordered(_ themes: [Theme]) -> [Theme] {
        themes.sorted { a, b in
            if (a.name == "default") != (b.name == "default") { return a.name == "default" }
            let (la, lb) = (a.name.lowercased(), b.name.lowercased())
            return la != lb ? la < lb : a.name < b.name
        }
    }
}
