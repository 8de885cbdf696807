import ArgumentParser

struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Receive Fax.Plus webhooks and show them live (the default command).",
        discussion: """
            Examples:
              faxtop watch --port 8080
              faxtop watch --memory --port 0
              FAXPLUS_TOKEN=… faxtop watch --poll     no public URL: poll the Fax.Plus API
            """
    )

    @OptionGroup var options: WatchOptions

    @OptionGroup(title: "Fax.Plus API") var polling: PollOptions

    func run() async throws {
        var session = WatchSession(options: options)
        session.polling = polling
        try await session.run()
    }
}
