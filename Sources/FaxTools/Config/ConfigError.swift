/// A config file faxtop cannot use, with the place to fix it.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    /// 1-based line of the problem, when known.
    public var line: Int?
    public var message: String

    public init(path: String, line: Int?, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    /// `~/.config/faxtop/config.toml:4: port: expected an integer, got a string` (compiler style, so
    /// editors can jump to it).
    public var description: String {
        "\(path)\(line.map { ":\($0)" } ?? ""): \(message)"
    }
}
