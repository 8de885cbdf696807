import FaxCore

/// Works out an arriving event's attempt number from what is already stored for its fax session.
///
/// The first attempt (`hook.id == data.id`) is 1. A retry is numbered after the attempts stored so
/// far, plus one for a first attempt that has not been seen (at least one attempt came before it).
public struct ChainCounter: Sendable {
    public var attemptsStored: Int
    public var firstAttemptStored: Bool

    public init(attemptsStored: Int = 0, firstAttemptStored: Bool = false) {
        self.attemptsStored = attemptsStored
        self.firstAttemptStored = firstAttemptStored
    }

    /// Records `event` as stored and returns its attempt number.
    public mutating func add(_ event: FaxEvent) -> Int {
        attemptsStored += 1
        if event.isFirstAttempt {
            firstAttemptStored = true
            return 1
        }
        return attemptsStored + (firstAttemptStored ? 0 : 1)
    }
}
