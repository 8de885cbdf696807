import FaxCore
import ArgumentParser

@main
struct FaxtopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "faxtop",
        abstract: "A terminal dashboard for live Fax.Plus fax activity.",
        discussion: """
            faxtop runs a receiver for Fax.Plus webhooks (fax_sent, fax_received) and shows them live:
            a feed, per-number statistics, retry chains and every payload.

            Examples:
              faxtop demo                      try it with generated traffic
              faxtop --port 8080 --token s3cret
              faxtop watch --headless | jq .
            """,
        version: FaxtopVersion.current,
        subcommands: [WatchCommand.self, ServeCommand.self, AttachCommand.self, ExportCommand.self, DemoCommand.self, SendCommand.self, HooksCommand.self],
        defaultSubcommand: WatchCommand.self
    )
}
