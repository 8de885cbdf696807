import FaxCore
import FaxStore
import Foundation
import Synchronization

/// The UI thread's loop: wait for a key, a wake-up or a tick; take new deliveries; redraw what changed.
public final class DashboardLoop {
    private let terminal: any Terminal
    public private(set) var dashboard: Dashboard
    private let intake: DeliveryIntake
    private let history: HistoryLoader?
    private let store: any EventStore
    private var previewShown = false
    private var reportedHistoryError = false
    private let wake: WakePipe
    private let receiverInfo: () -> ReceiverInfo
    /// Thread-safe handle that ends the loop (for signal handlers).
    public let quitSwitch: QuitSwitch
    /// How often the screen refreshes with nothing new (ages, sparklines).
    public var tickMilliseconds = 1000

    public init(terminal: any Terminal, dashboard: Dashboard, intake: DeliveryIntake, history: HistoryLoader?,
                store: any EventStore, wake: WakePipe, receiverInfo: @escaping () -> ReceiverInfo) {
        self.store = store
        self.terminal = terminal
        self.dashboard = dashboard
        self.intake = intake
        self.history = history
        self.wake = wake
        self.receiverInfo = receiverInfo
        self.quitSwitch = QuitSwitch(wake: wake)
    }


    /// Runs until `q`, Ctrl-C or `requestQuit()`.
    public func run() {
        var needsDraw = true
        var lastDraw: Int64 = 0
        while !quitSwitch.isOn {
            if step(needsDraw: &needsDraw, lastDraw: &lastDraw) == .quit { return }
        }
    }

    /// One turn of the loop; public so tests can drive it deterministically.
    @discardableResult
    public func step(needsDraw: inout Bool, lastDraw: inout Int64, timeout: Int? = nil) -> Dashboard.InputOutcome {
        let loading = history.map { !$0.isDone } ?? false
        // Producers wake us only when the ring goes from empty to non-empty, so while it holds
        // deliveries we must not sleep.
        let busy = loading || intake.hasPending
        let events = terminal.readInput(timeoutMilliseconds: timeout ?? (busy ? 0 : 250), wakeDescriptor: wake.readDescriptor)
        wake.drain()
        for event in events {
            if dashboard.handle(event) == .quit { return .quit }
            needsDraw = true
        }
        if let history, !previewShown {
            // First frame: the newest deliveries, while the full history loads behind. Also when
            // loading the rest has already failed: they are then all there is to show.
            dashboard.apply(history.newest)
            previewShown = true
            needsDraw = true
        }
        // Live deliveries go to whichever model is on screen.
        let fresh = intake.next(after: dashboard.model.appliedSeq)
        if !fresh.isEmpty {
            dashboard.apply(fresh)
            needsDraw = true
        }
        if let history, !reportedHistoryError, let error = history.error {
            // The newest deliveries stay on screen; say plainly that the rest could not be read.
            dashboard.state.notice = "history could not be loaded: \(error.message)"
            reportedHistoryError = true
            needsDraw = true
        }
        if let history, !history.isDone {
            if let full = history.takeModel() {
                dashboard.replaceModel(with: full, catchUp: { range in (try? store.deliveries(in: range)) ?? [] })
                dashboard.state.notice = nil
            } else {
                // Most important first: the end is cut on a narrow terminal.
                dashboard.state.notice = "loading history \(Int(history.progress * 100))% · newest shown, numbers and chains when done"
            }
            needsDraw = true
        }
        // Until the whole history is in (or for good, if it could not be read), the model holds only the newest.
        if let history { dashboard.state.loadingHistory = history.error != nil || !history.isDone }
        let info = receiverInfo()
        if info != dashboard.info { dashboard.info = info; needsDraw = true }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        if needsDraw || now - lastDraw >= Int64(tickMilliseconds) {
            terminal.draw(dashboard.render(size: terminal.size, now: now), theme: dashboard.theme)
            needsDraw = false
            lastDraw = now
        }
        return .keepRunning
    }
}
