import FaxTestSupport
import Foundation

/// `faxtop watch --headless` as a test runs it: an empty config folder of its own, no `FAXTOP_TOKEN`,
/// listening on 127.0.0.1 and a port the kernel picks (`--port 0`), read back from the line faxtop logs
/// on stderr once it listens. JSON lines are read from stdout; stderr is kept for the test to read.
final class HeadlessFaxtop {
    let process: ChildProcess
    /// The port faxtop listens on.
    let port: Int
    /// The URL in faxtop's own start-up line (`http://127.0.0.1:PORT/webhook`, token masked).
    let announcedURL: String
    /// `$XDG_CONFIG_HOME` of this faxtop: an empty folder, removed with the value.
    let configHome: String
    private var buffer = Data()
    private let errors: StderrCollector

    /// Starts `faxtop watch --headless` with `arguments`; with `listen`, also `--host 127.0.0.1 --port 0`
    /// (a test of a config file that names host and port leaves them out). Returns once faxtop listens.
    init(_ arguments: [String], environment: [String: String?] = [:], listen: Bool = true, timeout: Double = 20) throws {
        configHome = FileManager.default.temporaryDirectory.appendingPathComponent("faxtop-e2e-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: configHome, withIntermediateDirectories: true)
        var env: [String: String?] = ["FAXTOP_TOKEN": nil, "XDG_CONFIG_HOME": configHome]
        for (key, value) in environment { env[key] = value }
        let listening = listen ? ["--host", "127.0.0.1", "--port", "0"] : []
        process = try ChildProcess(try Package.binary, ["watch", "--headless"] + listening + arguments,
                                   environment: env, stdout: .pipe, stderr: .pipe)
        errors = StderrCollector(process.errorFD)
        (announcedURL, port) = try errors.listeningURL(timeout: timeout)
    }

    deinit {
        // A child already reaped may have handed its pid on: signal only one still running.
        if process.exitStatus(within: 0) == nil {
            process.signal(SIGKILL)
            process.wait(timeout: 10)
        }
        try? FileManager.default.removeItem(atPath: configHome)
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    func url(_ path: String = "/webhook") -> String { "http://127.0.0.1:\(port)\(path)" }

    /// What faxtop has written to stderr so far.
    var stderr: String { errors.text }

    /// The next stdout line, parsed as a JSON object.
    func nextLine(timeout: TimeInterval = 10) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = buffer[buffer.startIndex..<newline]
                buffer.removeSubrange(buffer.startIndex...newline)
                guard let object = try JSONSerialization.jsonObject(with: line) as? [String: Any] else {
                    throw E2EError("a headless line that is not a JSON object: \(String(decoding: line, as: UTF8.self))")
                }
                return object
            }
            guard Date() < deadline else { break }
            let chunk = process.readAvailable(timeout: max(0.01, deadline.timeIntervalSinceNow))
            if chunk.isEmpty { break }
            buffer.append(contentsOf: chunk)
        }
        throw E2EError("no headless line within \(timeout) s; stderr:\n\(stderr)")
    }

    /// SIGTERM, then the exit status (nil if faxtop had to be killed after `timeout` seconds).
    @discardableResult
    func stop(timeout: Double = 30) -> Int32? {
        if let status = process.exitStatus(within: 0) { return status }
        process.signal(SIGTERM)
        return process.wait(timeout: timeout)
    }
}

/// Reads a child's stderr pipe on a thread of its own until the end, so the child never blocks on a
/// full pipe (faxtop logs every refused request), and tells when a line arrives.
final class StderrCollector: @unchecked Sendable {
    private let condition = NSCondition()
    private var collected = Data()
    private var ended = false

    /// Reads `fd` (a pipe's read end the caller keeps open for as long as it runs) from a duplicate of
    /// its own, so closing the original never leaves the thread reading a reused descriptor.
    init(_ fd: Int32) {
        let own = dup(fd)
        Thread.detachNewThread { [self] in
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while own >= 0 {
                let count = read(own, &chunk, chunk.count)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                condition.withLock {
                    collected.append(contentsOf: chunk[..<count])
                    condition.broadcast()
                }
            }
            if own >= 0 { close(own) }
            condition.withLock { ended = true; condition.broadcast() }
        }
    }

    var text: String { condition.withLock { String(decoding: collected, as: UTF8.self) } }

    /// Waits until the text so far satisfies `predicate`; throws after `timeout` seconds or at the end
    /// of the stream.
    @discardableResult
    func waitFor(timeout: Double, _ description: String, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        return try condition.withLock {
            while true {
                let text = String(decoding: collected, as: UTF8.self)
                if predicate(text) { return text }
                if ended { throw E2EError("stderr ended before \(description):\n\(text)") }
                guard condition.wait(until: deadline) else {
                    throw E2EError("no \(description) on stderr within \(timeout) s:\n\(text)")
                }
            }
        }
    }

    /// faxtop's own start-up line, `listening on http://HOST:PORT/PATH…`: the URL and the port.
    func listeningURL(timeout: Double) throws -> (url: String, port: Int) {
        let pattern = #"listening on (http://[^ ]+:([0-9]+)[^ ]*)"#
        let text = try waitFor(timeout: timeout, "the listening line") { $0.range(of: pattern, options: .regularExpression) != nil }
        let regex = try NSRegularExpression(pattern: pattern)
        guard let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let url = Range(match.range(at: 1), in: text), let port = Range(match.range(at: 2), in: text),
              let number = Int(text[port]) else {
            throw E2EError("no listening URL in:\n\(text)")
        }
        return (String(text[url]), number)
    }
}
