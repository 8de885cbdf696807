/// The receiver writing a journal, as it announced itself there: what an attached dashboard's header
/// shows ("running at URL, pid N, since T").
public struct ReceiverPresence: Sendable, Equatable {
    public var pid: Int32
    /// The webhook URL with the token masked; empty until the receiver listens.
    public var url: String
    /// When it started, in milliseconds since 1970.
    public var startedAt: Int64
    /// `serve`, or `watch` for a dashboard with its own receiver.
    public var mode: String

    public init(pid: Int32, url: String, startedAt: Int64, mode: String) {
        self.pid = pid
        self.url = url
        self.startedAt = startedAt
        self.mode = mode
    }
}

/// A watch on a journal's changes (``EventStore/watchChanges(_:)``); stops when cancelled.
public protocol JournalWatch: Sendable {
    /// False when nothing could be watched yet (the journal's writer has not created what is watched):
    /// the follower then asks again now and then.
    var isWatching: Bool { get }
    func cancel()
}
