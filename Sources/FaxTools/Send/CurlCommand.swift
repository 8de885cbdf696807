/// The `curl` command that sends the same request as `faxtop send` (for `--print --curl`).
public struct CurlCommand: Sendable, Equatable {
    public enum Body: Sendable, Equatable {
        /// Inline text, as `--data-binary 'TEXT'`.
        case text(String)
        /// A file curl reads itself, as `--data-binary @PATH` (bytes exactly as stored).
        case file(String)
    }

    public var url: String
    public var body: Body
    public var method: String

    public init(url: String, body: Body, method: String = "POST") {
        self.url = url
        self.body = body
        self.method = method
    }

    /// One line, every word shell-quoted.
    public var rendered: String {
        let data: String
        switch body {
        case .text(let text): data = ShellQuote.quote(text)
        case .file(let path): data = ShellQuote.quote("@" + path)
        }
        return ["curl", "-sS", "-X", ShellQuote.quote(method), "-H", ShellQuote.quote("Content-Type: application/json"),
                "--data-binary", data, ShellQuote.quote(url)].joined(separator: " ")
    }
}
