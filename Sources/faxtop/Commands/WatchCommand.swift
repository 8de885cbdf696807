import ArgumentParser

struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Receive Fax.Plus webhooks and show them live (the default command).",
        discussion: """
            Examples:
              faxtop watch --port 8080
              faxtop watch --memory --port 0
            """
    )

    @OptionGroup var options: WatchOptions

    func run() async throws {
        try await WatchSession(options: options).run()
    }
}
