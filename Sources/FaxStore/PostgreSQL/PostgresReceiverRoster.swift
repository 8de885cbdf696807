import FaxCore
import Foundation
import NIOCore
import PostgresNIO
import Synchronization

/// The receivers writing a PostgreSQL journal, as each announced itself in `receivers`: a receiver
/// renews its row every ``beat``; one not renewed for three beats has stopped (or lost the database).
///
/// Dashboards ask for the newest once a second from the UI thread, so the answer comes from a copy a
/// background task keeps fresh: a database that does not answer must not freeze the screen.
final class PostgresReceiverRoster: Sendable {
    static let beat: Duration = .seconds(5)

    private let readers: PostgresReaders
    // Timers on Dispatch's threads: their reads block while the database answers, and must never hold
    // one of Swift concurrency's few threads.
    private let membership = Mutex<(id: String, timer: RepeatingTimer)?>(nil)
    private let seen = Mutex<(presence: ReceiverPresence?, watcher: RepeatingTimer?)>((nil, nil))

    init(readers: PostgresReaders) {
        self.readers = readers
    }

    /// Enters `receiver` and renews it until ``leave()``.
    func join(_ receiver: ReceiverPresence) {
        let host = ProcessInfo.processInfo.hostName
        let id = "\(host):\(receiver.pid):\(receiver.startedAt)"
        let readers = self.readers
        let renew: @Sendable () -> Void = {
            _ = try? readers.rows(Self.upsert(id: id, host: host, receiver), doing: "announcing in")
        }
        renew()
        let timer = Self.repeating(every: Self.beat, renew)
        membership.withLock { $0 = (id, timer) }
    }

    private static func upsert(id: String, host: String, _ receiver: ReceiverPresence) -> PostgresQuery {
        var binds = PostgresBindings(capacity: 6)
        binds.append(id)
        binds.append(host)
        binds.append(Int64(receiver.pid))
        binds.append(receiver.url)
        binds.append(receiver.mode)
        binds.append(receiver.startedAt)
        return PostgresQuery(unsafeSQL: """
            INSERT INTO receivers (id, host, pid, url, mode, started_at, seen_at)
            VALUES ($1, $2, $3, $4, $5, $6, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)
            ON CONFLICT (id) DO UPDATE SET seen_at = EXCLUDED.seen_at, url = EXCLUDED.url
            """, binds: binds)
    }

    /// Removes this receiver's row: attached dashboards say at once that it stopped.
    func leave() {
        seen.withLock { seen in
            seen.watcher?.cancel()
            seen.watcher = nil
        }
        guard let (id, timer) = membership.withLock({ member in defer { member = nil }; return member }) else { return }
        // Stopped and finished: a renewal running now would put the row back after the DELETE.
        timer.cancelAndWait()
        var binds = PostgresBindings(capacity: 1)
        binds.append(id)
        _ = try? readers.rows(PostgresQuery(unsafeSQL: "DELETE FROM receivers WHERE id = $1", binds: binds), doing: "leaving")
    }

    /// The most recently started receiver still renewing its row, as last looked up; the first call
    /// starts the look-ups.
    func newest() -> ReceiverPresence? {
        seen.withLock { seen in
            if seen.watcher == nil {
                seen.presence = lookUp()
                let readers = self.readers
                seen.watcher = Self.repeating(every: .seconds(1)) { [weak self] in
                    let found = Self.lookUp(readers)
                    self?.seen.withLock { $0.presence = found }
                }
            }
            return seen.presence
        }
    }

    private func lookUp() -> ReceiverPresence? { Self.lookUp(readers) }

    private static func lookUp(_ readers: PostgresReaders) -> ReceiverPresence? {
        let stale = Int64(Self.beat.components.seconds * 3 * 1000)
        var binds = PostgresBindings(capacity: 1)
        binds.append(stale)
        let rows = try? readers.rows(PostgresQuery(unsafeSQL: """
            SELECT pid, url, started_at, mode, host, count(*) OVER () FROM receivers
            WHERE seen_at >= (extract(epoch FROM clock_timestamp()) * 1000)::bigint - $1
            ORDER BY started_at DESC LIMIT 1
            """, binds: binds), doing: "looking up receivers in")
        guard let c = rows?.first.map(PostgresCells.init) else { return nil }
        let others = c.int(5) - 1
        let url = c.text(1) + (others > 0 ? " (+\(others) more receiver\(others == 1 ? "" : "s"))" : "")
        return ReceiverPresence(pid: Int32(c.int(0)), url: url, startedAt: c.int64(2), mode: c.text(3))
    }

    private static func repeating(every interval: Duration, _ work: @escaping @Sendable () -> Void) -> RepeatingTimer {
        RepeatingTimer(every: interval, work)
    }

    deinit {
        seen.withLock { $0.watcher?.cancel() }
        membership.withLock { $0?.timer.cancel() }
    }
}

/// A Dispatch timer that runs `work` every `interval` until cancelled.
private final class RepeatingTimer: @unchecked Sendable {
    // Set up once in init; DispatchSource's own calls are thread-safe.
    private let queue = DispatchQueue(label: "faxtop.pg.roster", qos: .utility)
    private let timer: DispatchSourceTimer

    init(every interval: Duration, _ work: @escaping @Sendable () -> Void) {
        timer = DispatchSource.makeTimerSource(queue: queue)
        let milliseconds = Int(interval.components.seconds * 1000)
        timer.schedule(deadline: .now() + .milliseconds(milliseconds), repeating: .milliseconds(milliseconds))
        timer.setEventHandler(handler: work)
        timer.resume()
    }

    func cancel() { timer.cancel() }

    /// Cancels, and returns once a handler already running has finished.
    func cancelAndWait() {
        timer.cancel()
        queue.sync {}
    }
}
