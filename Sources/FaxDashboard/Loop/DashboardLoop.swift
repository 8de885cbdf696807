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
    private let wake: WakePipe
    private let receiverInfo: () -> ReceiverInfo
    /// Thread-safe handle that ends the loop (for signal handlers).
    public let quitSwitch: QuitSwitch
    /// How often the screen refreshes with nothing new (ages, sparklines).
    public var tickMilliseconds = 1000

    public init(terminal: any Terminal, dashboard: Dashboard, intake: DeliveryIntake, history: HistoryLoader?,
                wake: WakePipe, receiverInfo: @escaping () -> ReceiverInfo) {
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
        if let history, !history.isDone {
            // Up to three batches a turn: keys stay responsive while a big store loads.
            for _ in 0..<3 { dashboard.apply(history.nextChunk(wait: 0.02)) }
            dashboard.state.notice = history.isDone ? nil
                : "loading history… \(Int(history.progress * 100))% (\(history.loadedUpTo) of \(history.target))"
            needsDraw = true
        } else {
            // While history loads, live deliveries wait in the ring (or are backfilled after).
            let fresh = intake.next(after: dashboard.model.appliedSeq)
            if !fresh.isEmpty {
                dashboard.apply(fresh)
                needsDraw = true
            }
        }
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

/// Asks a ``DashboardLoop`` to end from any thread; it exits at its next wake-up.
public final class QuitSwitch: Sendable {
    private let flag = Atomic<Bool>(false)
    private let wake: WakePipe

    init(wake: WakePipe) {
        self.wake = wake
    }

    public func turnOn() {
        flag.store(true, ordering: .relaxed)
        wake.signal()
    }

    public var isOn: Bool { flag.load(ordering: .relaxed) }
}
