import ArgumentParser
import FaxDashboard

/// `--theme` resolved before anything starts. A name no theme has is a bad command line (exit 64, as
/// the exit-code table says), told in one line with the names there are.
enum ThemeChoice {
    static func resolve(_ request: String?) throws -> ThemeCatalog {
        do {
            return try ThemeLoader.resolve(request)
        } catch let error as UnknownThemeError {
            Stderr.write("faxtop: \(error)\n")
            throw ExitCode(64)
        }
    }
}
