import FaxStore
import Synchronization

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
