import FaxDashboard
import FaxStore
import Foundation
import Synchronization

/// What an attached dashboard's header says: the receiver's state as the journal tells it, looked up
/// at most once a second (running at URL, pid, since when; or not running since when).
final class AttachedReceiverInfo: Sendable {
    private struct State {
        var checkedAt: Int64?
        var presence: ReceiverPresence?
        /// When the receiver was first seen gone (or when we attached, if none was running).
        var downSince: Int64
    }

    private let store: any EventStore
    private let journal: String
    private let state: Mutex<State>

    init(store: any EventStore, journal: String) {
        self.store = store
        self.journal = journal
        state = Mutex(State(downSince: StoreMaintenance.nowMilliseconds()))
    }

    func info() -> ReceiverInfo {
        let now = StoreMaintenance.nowMilliseconds()
        let (presence, downSince) = state.withLock { state -> (ReceiverPresence?, Int64) in
            if state.checkedAt.map({ now - $0 >= 1000 }) ?? true {
                let found = store.receiverPresence()
                if found == nil, state.presence != nil { state.downSince = now }
                state.presence = found
                state.checkedAt = now
            }
            return (state.presence, state.downSince)
        }
        let storeText = "journal \(journal) (attached, read-only)"
        guard let presence else {
            return ReceiverInfo(url: "receiver not running since \(Formatting.clock(downSince)) UTC", access: "history kept · resumes when it runs again",
                                accessIsWarning: true, store: storeText)
        }
        let mode = presence.mode.isEmpty ? "faxtop" : "faxtop \(presence.mode)"
        let since = presence.startedAt > 0 ? " since \(Formatting.clock(presence.startedAt)) UTC" : ""
        return ReceiverInfo(url: presence.url.isEmpty ? "receiver starting" : presence.url,
                            access: "\(mode) pid \(presence.pid)\(since)", store: storeText)
    }
}
