import Foundation

/// How much history to keep (`--keep N`, `--keep-days D`); nil keeps everything.
public struct RetentionPolicy: Sendable, Equatable {
    /// Keep the newest `keep` events (with their repeat deliveries and the rejections since).
    public var keep: Int?
    /// Keep what arrived in the last `keepDays` days.
    public var keepDays: Int?

    public init(keep: Int? = nil, keepDays: Int? = nil) {
        self.keep = keep
        self.keepDays = keepDays
    }

    public var keepsEverything: Bool { keep == nil && keepDays == nil }
}
