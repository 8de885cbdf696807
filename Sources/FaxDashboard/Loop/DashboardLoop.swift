import FaxCore
import FaxStore
import Foundation
import Synchronization

/// The UI thread's loop: wait for a key, a wake-up or a tick; take new deliveries; redraw what changed.
public final class DashboardLoop {
    private let terminal: any Terminal
    public private(set) var dashboard: Dashboard
    private let intake: any DeliverySource
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
    /// Deliveries that arrive within one frame interval are applied together and drawn once. Under live
    /// traffic a frame per delivery cost the UI thread most of a core at 1,000 webhooks/s; 25 frames a
    /// second still puts a delivery on screen well within 100 ms of its answer. Keys draw at once.
    public var frameMilliseconds = 40
    /// The clock frames are paced by, in milliseconds: monotonic, so a wall clock set back does not hold
    /// frames until it catches up (tests drive it by hand).
    public var clock: () -> Int64 = { Int64(DispatchTime.now().uptimeNanoseconds / 1_000_000) }
    /// What the screen calls now (ages, per-minute counts): the wall clock.
    public var wallClock: () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }
    /// Called after each frame reaches the terminal with the highest sequence number on screen
    /// (`FAXTOP_FRAME_LOG`: how the live-traffic benchmark times a delivery from its 200 to the screen).
    public var onFrame: ((_ appliedSeq: Int64) -> Void)?

    /// `:export`s still writing.
    private var exports: [ExportJob] = []
    private var needsDraw = true
    private var lastDraw: Int64 = .min / 2

    public init(terminal: any Terminal, dashboard: Dashboard, intake: any DeliverySource, history: HistoryLoader?,
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
        while !quitSwitch.isOn {
            if step() == .quit { return }
        }
    }

    /// Whether anything is waiting to be shown: deliveries in the ring, history still loading, or a
    /// change already applied.
    private var hasWork: Bool {
        needsDraw || intake.hasPending || (history.map { !$0.isDone || !previewShown } ?? false)
    }

    /// One turn of the loop: wait for a key, a wake-up, the next frame or the next tick; then take
    /// what arrived and draw if a key was pressed or a frame is due. Public so tests can drive it
    /// deterministically (`timeout: 0` and a hand-set `clock`).
    @discardableResult
    public func step(timeout: Int? = nil) -> Dashboard.InputOutcome {
        let before = clock()
        // Producers wake us only when the ring goes from empty to non-empty, so while it holds
        // deliveries we sleep only until the next frame is due, never longer.
        // While Numbers and Chains are counted for a new filter, each frame counts a slice: draw the next at once.
        let counting = dashboard.isCounting
        let nextFrame = counting ? before : hasWork ? lastDraw + Int64(frameMilliseconds) : lastDraw + Int64(tickMilliseconds)
        let wait = timeout ?? Int(min(1000, max(0, nextFrame - before)))
        let events = terminal.readInput(timeoutMilliseconds: wait, wakeDescriptor: wake.readDescriptor)
        wake.drain()
        var keyPressed = false
        for event in events {
            if dashboard.handle(event) == .quit { return .quit }
            keyPressed = true
            if let text = dashboard.takeClipboard() { terminal.writeControlSequence(OSC52.copy(text)) }
            if let request = dashboard.takeExport() { exports.append(ExportJob(request, store: store, wake: wake)) }
        }
        let now = clock()
        let frameDue = counting || now - lastDraw >= Int64(frameMilliseconds)
        // Between frames, deliveries wait in the ring and are taken together when the frame is due.
        if keyPressed || frameDue { takeArrivals() }
        if keyPressed || counting || (needsDraw && frameDue) || now - lastDraw >= Int64(tickMilliseconds) {
            terminal.draw(dashboard.render(size: terminal.size, now: wallClock()), theme: dashboard.theme)
            needsDraw = false
            lastDraw = now
            onFrame?(dashboard.model.appliedSeq)
        }
        return .keepRunning
    }

    /// Applies what arrived since the last frame: the history preview or the full history, live
    /// deliveries, a change of receiver state.
    private func takeArrivals() {
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
                dashboard.replaceModel(with: full, catchUp: { range in (try? self.store.deliveries(in: range)) ?? [] })
                dashboard.state.notice = nil
            } else {
                // Most important first: the end is cut on a narrow terminal.
                dashboard.state.notice = "loading history \(Int(history.progress * 100))% · newest shown, numbers and chains when done"
            }
            needsDraw = true
        }
        // Until the whole history is in (or for good, if it could not be read), the model holds only the newest.
        if let history { dashboard.state.loadingHistory = history.error != nil || !history.isDone }
        for job in exports {
            guard let outcome = job.takeOutcome() else { continue }
            dashboard.state.notice = outcome
            exports.removeAll { $0 === job }
            needsDraw = true
        }
        var info = receiverInfo()
        if let missing = intake.missing {
            info.missing = missing.count > 0
                ? "\(missing.count) missing (store: \(missing.error.message)), retrying"
                : "journal cannot be read (\(missing.error.message)), retrying"
        }
        if info != dashboard.info { dashboard.info = info; needsDraw = true }
    }
}
