import Hummingbird
import NIOCore

/// Reads a request body up to a size limit and within a deadline, never holding more than the limit.
///
/// A body longer than the limit is cut off as soon as it passes it; one that does not arrive in time
/// (a client trickling bytes to hold the connection open) is given up on. Either way the connection is
/// then closed by the caller rather than drained.
///
/// The deadline is checked as each chunk arrives rather than by a timer racing the read: a timer per
/// request (a task group with a sleeping child) cost more than the rest of the request on the hot path.
/// A client that stops sending altogether is cut off by the connection's idle timeout instead.
struct BodyReader: Sendable {
    enum Outcome: Sendable, Equatable {
        case complete([UInt8])
        /// More than the limit arrived; `prefix` is the start of it, for the journal.
        case tooLarge(prefix: [UInt8])
        case timedOut
        /// The connection failed or closed mid-body.
        case failed
    }

    let limit: Int
    let timeout: Duration
    /// How much of an oversize or late body is kept for the rejection record.
    let keptPrefix: Int

    init(limit: Int, timeout: Duration, keptPrefix: Int = 4096) {
        self.limit = limit
        self.timeout = timeout
        self.keptPrefix = keptPrefix
    }

    func read(_ body: RequestBody) async -> Outcome {
        let deadline = ContinuousClock.now + timeout
        var bytes: [UInt8] = []
        do {
            for try await buffer in body {
                if Task.isCancelled { return .failed }
                if ContinuousClock.now > deadline { return .timedOut }
                if bytes.count + buffer.readableBytes > limit {
                    // What is kept is cut at the limit too: nothing beyond it is ever held.
                    let kept = min(keptPrefix, limit)
                    let room = max(0, kept - bytes.count)
                    return .tooLarge(prefix: Array(bytes.prefix(kept)) + Array(buffer.readableBytesView.prefix(room)))
                }
                bytes += buffer.readableBytesView
            }
            return Task.isCancelled ? .failed : .complete(bytes)
        } catch {
            return .failed
        }
    }
}
