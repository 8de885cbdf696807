import Synchronization
import FaxCore
import FaxReceiver
import Foundation
import Testing

/// Oversize, slow and numerous clients: none may tie the receiver up or delay a well-behaved request.
@Suite struct LimitsTests {
    @Test func declaredOversizeIsRefusedBeforeTheBodyIsSent() async throws {
        try await TestServer.with(ReceiverConfiguration(maxBody: 1000)) { server async throws in
            let connection = try await server.connect()
            let (status, closed) = try await RawHTTP.offPool {
                // Announces 10 MB and sends none of it: the answer cannot depend on reading the body.
                try connection.send("POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n")
                return (try connection.readResponse().status, connection.waitForClose())
            }
            #expect(status == 413)
            #expect(closed, "the connection should be closed, not drained")
            let rejection = try #require(try server.rejections.first)
            #expect(rejection.code == 413)
            #expect(rejection.reason == "body too large: 10000000 bytes, the limit is 1000 bytes")
        }
    }

    @Test func oversizeBodySentInFullStillGetsItsAnswer() async throws {
        // A plain client (no Expect: 100-continue) sends everything before reading the answer.
        try await TestServer.with(ReceiverConfiguration(maxBody: 1000)) { server async throws in
            for _ in 0..<5 {
                let reply = try await server.post(String(repeating: "z", count: 300_000))
                #expect(reply.status == 413)
            }
            #expect(try server.rejections.map(\.code) == Array(repeating: 413, count: 5))
        }
    }

    /// Refusing before the body is read must not reset the connection under the answer: curl and
    /// URLSession then report "connection reset by peer" instead of the 413 or 401 (they did, now and
    /// then). The receiver reads and discards the rest of the body, then closes with a FIN.
    @Test(arguments: [
        (token: nil, target: "/webhook", length: 900_000, expected: 413),
        (token: "right-token", target: "/webhook/wrong-token", length: 900_000, expected: 401),
        (token: nil, target: "/elsewhere", length: 900_000, expected: 404),
    ] as [(token: String?, target: String, length: Int, expected: Int)])
    func refusalOfABodySentInFullEndsCleanly(token: String?, target: String, length: Int, expected: Int) async throws {
        try await TestServer.with(ReceiverConfiguration(maxBody: 1000, token: token)) { server async throws in
            let connection = try await server.connect()
            let (status, closing) = try await RawHTTP.offPool {
                try connection.send("POST \(target) HTTP/1.1\r\nHost: x\r\nContent-Length: \(length)\r\n\r\n")
                try connection.send([UInt8](repeating: UInt8(ascii: "z"), count: length))
                return (try connection.readResponse().status, connection.closing())
            }
            #expect(status == expected)
            #expect(closing == .cleanly)
        }
    }

    /// Lingering is bounded: a client that goes on sending far past the limit is cut off.
    @Test func lingeringStopsAfterItsByteBudget() async throws {
        let configuration = ReceiverConfiguration(maxBody: 1000, lingerBytes: 100_000, lingerTime: .seconds(30))
        try await TestServer.with(configuration) { server async throws in
            let connection = try await server.connect()
            let (status, sentUntilCut) = try await RawHTTP.offPool {
                try connection.send("POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n")
                let status = try connection.readResponse().status
                var sent = 0
                let piece = [UInt8](repeating: UInt8(ascii: "z"), count: 65_536)
                while sent < 100_000_000, (try? connection.send(piece)) != nil { sent += piece.count }
                return (status, sent)
            }
            #expect(status == 413)
            // The server stops reading after 100 kB; what else fits is the two sockets' buffers.
            #expect(sentUntilCut < 50_000_000, "sent \(sentUntilCut) bytes before the connection was cut")
        }
    }

    @Test func streamedOversizeIsCutAtTheLimit() async throws {
        try await TestServer.with(ReceiverConfiguration(maxBody: 1000)) { server async throws in
            let connection = try await server.connect()
            let (status, closed) = try await RawHTTP.offPool {
                try connection.send("POST /webhook HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
                for _ in 0..<3 {
                    try connection.send("258\r\n" + String(repeating: "a", count: 600) + "\r\n")  // 0x258 = 600
                }
                // No terminating chunk: the receiver must answer without waiting for the end.
                return (try connection.readResponse().status, connection.waitForClose())
            }
            #expect(status == 413)
            #expect(closed)
            let rejection = try #require(try server.rejections.first)
            #expect(rejection.code == 413)
            #expect(rejection.bodyTruncated)
            #expect(rejection.body.count == 1000 && rejection.body.allSatisfy { $0 == UInt8(ascii: "a") })
        }
    }

    @Test func chunkedBodyWithinTheLimitIsAccepted() async throws {
        try await TestServer.with { server async throws in
            let body = Array(Payloads.fax(hookID: "chunky").utf8)
            let connection = try await server.connect()
            let reply = try await RawHTTP.offPool {
                try connection.send("POST /webhook HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
                for piece in stride(from: 0, to: body.count, by: 100).map({ Array(body[$0..<min($0 + 100, body.count)]) }) {
                    try connection.send(String(piece.count, radix: 16) + "\r\n")
                    try connection.send(piece + Array("\r\n".utf8))
                }
                try connection.send("0\r\n\r\n")
                return try connection.readResponse()
            }
            #expect(reply.status == 200)
        }
    }

    @Test func oversizeHeadersAreRefused() async throws {
        try await TestServer.with(ReceiverConfiguration(maxHeaderBytes: 4096)) { server async throws in
            let reply = try await server.post(Payloads.fax(hookID: "h1"), headers: [("X-Padding", String(repeating: "p", count: 8192))])
            #expect(reply.status == 400)
            #expect(try await server.post(Payloads.fax(hookID: "h1")).status == 200)
        }
    }

    @Test func slowClientStalledMidHeadersDoesNotBlockOthersAndIsCutOff() async throws {
        // Order, not a stopwatch: another request is answered while the stalled connection is still
        // open. Had it waited behind the stalled client, that connection would have been cut at the idle
        // timeout first. The timeout is long enough for a busy machine to serve one request within it.
        try await TestServer.with(ReceiverConfiguration(idleTimeout: .seconds(6))) { server async throws in
            let slow = try await server.connect(receiveTimeout: 15)
            try await RawHTTP.offPool { try slow.send("POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Le") }
            let reply = try await server.post(Payloads.fax(hookID: "prompt"))
            #expect(reply.status == 200)
            #expect(!slow.canRead(within: 0), "the stalled connection was still open (not cut, nothing sent) when the other was answered")
            let closed = try await RawHTTP.offPool { slow.waitForClose() }
            #expect(closed, "a client that stalls mid-headers is disconnected after the idle timeout")
        }
    }

    @Test func bodyTricklingPastTheDeadlineIsRefused() async throws {
        let configuration = ReceiverConfiguration(idleTimeout: .seconds(5), bodyTimeout: .milliseconds(800))
        try await TestServer.with(configuration) { server async throws in
            let slow = try await server.connect(receiveTimeout: 5)
            let status = try await RawHTTP.offPool {
                try slow.send("POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")
                // Keeps the connection busy (never idle) but never finishes: the chunk that arrives after
                // the deadline gets the 408. Sending stops as soon as the answer is there, because bytes
                // sent after the server closes would reset the connection and discard the 408 unread.
                for _ in 0..<20 {
                    if slow.canRead(within: 0.25) { break }
                    try? slow.send("{ ")
                }
                return try slow.readResponse().status
            }
            #expect(status == 408)
            #expect(try server.rejections.first?.code == 408)
        }
    }

    @Test func connectionsOverTheCapWaitForAFreeSlot() async throws {
        // NIO may accept several pending connections in one read before the cap stops reading, so on a
        // busy machine the third connection can slip in with the first two. The cap is real if, in
        // any of three rounds, the third request had to wait for an idle connection to time out.
        var waits: [Duration] = []
        for round in 0..<3 {
            let configuration = ReceiverConfiguration(maxConnections: 2, idleTimeout: .seconds(2))
            let waited = Mutex<Duration>(.zero)
            try await TestServer.with(configuration) { server async throws in
                let idle = [try await server.connect(), try await server.connect()]
                try await Task.sleep(for: .milliseconds(500))
                let started = ContinuousClock.now
                let reply = try await server.post(Payloads.fax(hookID: "waited-\(round)"))
                #expect(reply.status == 200)
                _ = idle
                let elapsed = ContinuousClock.now - started
                waited.withLock { $0 = elapsed }
            }
            waits.append(waited.withLock { $0 })
            if waits.last! > .milliseconds(1000) { break }
        }
        #expect(waits.contains { $0 > .milliseconds(1000) }, "served only once an idle connection was closed: \(waits)")
    }
}
