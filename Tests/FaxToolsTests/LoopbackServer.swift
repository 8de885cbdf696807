import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Runs a Hummingbird application on a free loopback port for the length of `body`.
func withLoopbackServer<App: ApplicationProtocol>(
    _ make: (@escaping @Sendable (Int) async -> Void) -> App,
    _ body: (Int) async throws -> Void
) async throws {
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let app = make { port in
        continuation.yield(port)
        continuation.finish()
    }
    let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: quietLogger))
    let server = Task { try await group.run() }
    var port = 0
    for await bound in ports { port = bound }
    do {
        try #require(port > 0)
        try await body(port)
    } catch {
        await group.triggerGracefulShutdown()
        _ = try? await server.value
        throw error
    }
    await group.triggerGracefulShutdown()
    _ = try? await server.value
}

/// A Hummingbird application answering with `responder` on a free loopback port, reporting the port.
func loopbackApplication<Responder: HTTPResponder>(
    _ responder: Responder, onRunning: @escaping @Sendable (Int) async -> Void
) -> some ApplicationProtocol where Responder.Context == BasicRequestContext {
    Application(
        responder: responder,
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
        logger: quietLogger
    )
}

let quietLogger: Logger = {
    var logger = Logger(label: "faxtop-tests")
    logger.logLevel = .critical
    return logger
}()

import Testing
