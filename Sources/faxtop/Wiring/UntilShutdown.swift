import ServiceLifecycle

/// A service that does nothing until the group shuts down: what a `--no-listen` session's service
/// group runs in place of the receiver, so signals and quitting work as with one.
struct UntilShutdown: Service {
    func run() async throws {
        // Cancelled or shut down, either ends it.
        try? await gracefulShutdown()
    }
}
