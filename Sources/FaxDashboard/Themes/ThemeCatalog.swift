import FaxCore
import Foundation

/// Where theme files are looked for, most important first: the user's folder, then the
/// repository's `themes/`. The compiled-in default comes after all of them.
public struct ThemeSearchPaths: Sendable, Equatable {
    /// `$XDG_CONFIG_HOME/faxtop/themes`, or `~/.config/faxtop/themes`.
    public var userDirectory: String?
    /// `themes/` next to the `Package.swift` above the executable, then `./themes`.
    public var repositoryDirectories: [String]

    public init(userDirectory: String?, repositoryDirectories: [String]) {
        self.userDirectory = userDirectory
        self.repositoryDirectories = repositoryDirectories
    }

    /// Folders in lookup order, without duplicates.
    public var directories: [String] {
        var seen = Set<String>()
        return ([userDirectory].compactMap { $0 } + repositoryDirectories).filter { seen.insert($0).inserted }
    }

    /// The usual places. Every argument has a default taken from the running process; tests pass
    /// their own.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment,
                                executablePath: String? = ThemeSearchPaths.currentExecutablePath(),
                                currentDirectory: String = FileManager.default.currentDirectoryPath) -> ThemeSearchPaths {
        var repositories: [String] = []
        if let executablePath, let repository = repositoryThemes(above: executablePath) {
            repositories.append(repository)
        }
        let local = (currentDirectory as NSString).appendingPathComponent("themes")
        if isDirectory(local), !repositories.contains(normalized(local)) { repositories.append(normalized(local)) }
        return ThemeSearchPaths(userDirectory: userDirectory(environment: environment), repositoryDirectories: repositories)
    }

    /// `$XDG_CONFIG_HOME/faxtop/themes` when that variable is an absolute path (as the XDG spec
    /// asks), else `$HOME/.config/faxtop/themes`.
    public static func userDirectory(environment: [String: String]) -> String? {
        XDGDirectory.config.faxtopDirectory(environment: environment) + "/themes"
    }

    /// Walks up from the executable's real location to the first folder holding both
    /// `Package.swift` and a `themes` folder (a checkout running `.build/debug/faxtop`).
    public static func repositoryThemes(above executablePath: String) -> String? {
        var directory = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while true {
            let themes = directory.appendingPathComponent("themes").path
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path), isDirectory(themes) {
                return normalized(themes)
            }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path || directory.path == "/" { return nil }
            directory = parent
        }
    }

    /// The running executable: `/proc/self/exe` on Linux, else `argv[0]` (searched in `$PATH` when
    /// it has no `/`).
    public static func currentExecutablePath() -> String? {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        #endif
        guard let first = ProcessInfo.processInfo.arguments.first, !first.isEmpty else { return nil }
        if first.contains("/") { return first }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = (String(directory) as NSString).appendingPathComponent(first)
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    static func normalized(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
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
    /// Where each theme came from: a file path, or `nil` for the compiled-in default.
    public var sources: [String: String]

    public var selected: Theme { themes[selectedIndex] }
    public var names: [String] { themes.map(\.name) }
}

extension ThemeLoader {
    /// Every theme found in `paths` plus the compiled-in default. A theme is known by its name
    /// (its `name` key, else its file name); a theme in an earlier folder hides a later one of the
    /// same name, and any file named `default` hides the compiled-in default.
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
        if found["default"] == nil { themes.append(.builtinDefault) }
        var sources: [String: String] = [:]
        for (name, entry) in found { sources[name] = entry.file }
        return ThemeCatalog(themes: ordered(themes), selectedIndex: 0, problems: problems, sources: sources)
    }

    /// Convenience for the lookup order described in DESIGN.md §4: `configHome` is
    /// `$XDG_CONFIG_HOME` (themes in `configHome/faxtop/themes`), `repositoryThemes` the
    /// repository's `themes/` folders.
    public static func available(configHome: String?, repositoryThemes: [String]) -> ThemeCatalog {
        let user = configHome.map { ($0 as NSString).appendingPathComponent("faxtop/themes") }
        return available(in: ThemeSearchPaths(userDirectory: user, repositoryDirectories: repositoryThemes))
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
