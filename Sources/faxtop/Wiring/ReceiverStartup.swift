import Synchronization

/// The receiver's start, awaited once: the port it bound, or why it could not listen.
///
/// The dashboard used to start beside the receiver without waiting: when the port was taken the
/// header said "starting…" for ever and `q` exited 0. Now nothing else starts until this answers.
final class ReceiverStartup: Sendable {
    private enum State {
        case waiting(CheckedContinuation<Result<Int, any Error>, Never>?)
        case done(Result<Int, any Error>)
    }

    private let state = Mutex<State>(.waiting(nil))

    struct Stopped: Error, CustomStringConvertible {
        var description: String { "the receiver stopped before it was listening" }
    }

    func bound(_ port: Int) { finish(.success(port)) }
    func failed(_ error: any Error) { finish(.failure(error)) }

    /// The first outcome; later ones are ignored (a failure after the bind is not a start failure).
    private func finish(_ result: Result<Int, any Error>) {
        let waiter: CheckedContinuation<Result<Int, any Error>, Never>? = state.withLock { state in
            guard case .waiting(let waiter) = state else { return nil }
            state = .done(result)
            return waiter
        }
        waiter?.resume(returning: result)
    }

    func wait() async -> Result<Int, any Error> {
        await withCheckedContinuation { continuation in
            let ready: Result<Int, any Error>? = state.withLock { state in
                switch state {
                case .done(let result): return result
                case .waiting:
                    state = .waiting(continuation)
                    return nil
                }
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
