import Foundation

/// Waits until `condition` holds, asking again every `interval`, for things that give no signal to wait
/// on (a count another thread raises, a file another process makes). Throws once `timeout` seconds pass,
/// so a test that waits for something that never happens fails instead of hanging. Sleeps with
/// `Task.sleep`, holding no thread.
public func eventually(within timeout: Double = 20, _ description: String, every interval: Duration = .milliseconds(5),
                       _ condition: () throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(timeout)
    while try !condition() {
        guard Date() < deadline else { throw ChildProcess.Failure("\(description) did not happen within \(timeout) s") }
        try await Task.sleep(for: interval)
    }
}
