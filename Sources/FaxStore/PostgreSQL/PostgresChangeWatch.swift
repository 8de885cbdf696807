import Foundation
import NIOCore
import PostgresNIO
import Synchronization

/// Tells a follower when the journal may have changed: `LISTEN faxtop_journal` on a connection of its
/// own (every batch's commit notifies), and once after every (re)connect, because notifications sent
/// while the connection was down are lost and the follower must read what it missed.
final class PostgresChangeWatch: JournalWatch {
    /// The listening connection, closed by ``cancel()`` so that a wait for the next notification ends.
    private final class Slot: Sendable {
        let connection = Mutex<PostgresConnection?>(nil)
        let cancelled = Atomic<Bool>(false)

        func close() {
            connection.withLock { connection in
                connection?.closeSoon()
                connection = nil
            }
        }
    }

    private let slot = Slot()
    private let task: Task<Void, Never>

    init(connector: PostgresConnector, onChange: @escaping @Sendable () -> Void) {
        let slot = self.slot
        task = Task.detached {
            while !slot.cancelled.load(ordering: .acquiring) {
                do {
                    let opened = try await connector.connect().get()
                    slot.connection.withLock { $0 = opened }
                    if slot.cancelled.load(ordering: .acquiring) { break }
                    try await opened.listen(on: PostgresSchema.channel) { notifications in
                        onChange()
                        for try await _ in notifications { onChange() }
                    }
                } catch {
                    // Lost or refused: the follower's own looks (once a second) say so; try again.
                }
                slot.close()
                try? await Task.sleep(for: .milliseconds(500))
            }
            slot.close()
        }
    }

    /// The watch reconnects by itself, so it never needs starting again.
    var isWatching: Bool { true }

    func cancel() {
        slot.cancelled.store(true, ordering: .releasing)
        task.cancel()
        slot.close()
    }
}
