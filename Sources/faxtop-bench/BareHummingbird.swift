import Hummingbird
import NIOCore

/// `faxtop-bench hummingbird PORT`: the HTTP server faxtop is built on, with none of faxtop in it. It
/// reads each request's body and answers 200 with a short JSON body, like nginx's `return 200` but through
/// Hummingbird and Swift concurrency, so `scripts/bench-ingest` can show in the same run how much of the
/// gap to nginx is the framework's and how much is faxtop's own work.
struct BareHummingbird {
    let port: Int

    func run() async throws {
        let app = Application(
            responder: Responder(),
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "bare-hummingbird"))
        try await app.runService()
    }

    struct Responder: HTTPResponder {
        typealias Context = BasicRequestContext

        func respond(to request: Request, context: Context) async throws -> Response {
            var bytes = 0
            for try await chunk in request.body { bytes += chunk.readableBytes }
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: "{\"status\":\"accepted\",\"bytes\":\(bytes)}")))
        }
    }
}
