import Foundation

/// Plays a ``TrafficGenerator``'s stream against a live receiver over real HTTP, on schedule.
public struct TrafficRunner: Sendable {
    /// What happened to one request.
    public struct Outcome: Sendable {
        public var request: PlannedRequest
        public var result: Result<HTTPAnswer, NetworkError>
    }

    public var generator: TrafficGenerator
    public var poster: WebhookPoster

    public init(generator: TrafficGenerator, poster: WebhookPoster = WebhookPoster()) {
        self.generator = generator
        self.poster = poster
    }

    /// Sends requests to `base` until cancelled (or `limit` requests), then returns normally: being
    /// cancelled is how a demo ends. Delays are kept against a fixed schedule, so slow answers do not
    /// stretch the stream. Failures are reported, not thrown: a demo keeps going when one request fails.
    public func run(base: URL, limit: Int? = nil,
                    onOutcome: @Sendable (Outcome) -> Void = { _ in }) async {
        var stream = generator
        let clock = ContinuousClock()
        var deadline = clock.now
        var sent = 0
        while limit.map({ sent < $0 }) ?? true, let request = stream.next() {
            deadline += .milliseconds(request.delayBeforeMs)
            if deadline > clock.now { try? await Task.sleep(until: deadline, clock: clock) }
            if Task.isCancelled { return }
            let result: Result<HTTPAnswer, NetworkError>
            do {
                result = .success(try await poster.send(request, base: base))
            } catch {
                result = .failure(error)
            }
            onOutcome(Outcome(request: request, result: result))
            sent += 1
        }
    }
}
