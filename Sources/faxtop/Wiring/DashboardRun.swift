import ArgumentParser
import FaxDashboard
import FaxStore
import Foundation
import Logging

/// The dashboard on the UI thread until the user quits: the part `watch` and `attach` share. Where
/// deliveries come from (this process's receiver, or a journal another process writes) and what the
/// header says about the receiver are the caller's.
struct DashboardRun {
    let themes: ThemeCatalog
    let noColor: Bool
    let ascii: Bool
    let mouse: Bool
    let clipboard: Bool

    /// `osc52` is the config file's say, when it has one (`--no-osc52` wins).
    init(themes: ThemeCatalog, options: DisplayOptions, osc52: Bool? = nil) {
        self.themes = themes
        noColor = options.noColor || ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } == true
        ascii = options.ascii
        mouse = !options.noMouse
        clipboard = !options.noOSC52 && osc52 != false
    }

    /// `source` is made on the UI thread, which alone uses it.
    func run(store: any EventStore, wake: WakePipe, logger: Logger,
             source: @escaping @Sendable () -> any DeliverySource,
             info: @escaping @Sendable () -> ReceiverInfo) async -> Result<Void, any Error> {
        for problem in themes.problems { logger.warning("skipped theme: \(problem)") }
        let (themes, selected) = (self.themes.themes, self.themes.selected.name)
        let (noColor, ascii, mouse, clipboard) = (self.noColor, self.ascii, self.mouse, self.clipboard)
        let frameLog = ProcessInfo.processInfo.environment["FAXTOP_FRAME_LOG"].flatMap(FrameLog.init(path:))
        return await UIThread.run {
            let terminal = NcursesTerminal(color: !noColor, mouse: mouse)
            defer { terminal.close() }
            var dashboard = Dashboard(info: info(), ascii: ascii, noColor: noColor,
                                      rawBody: { seq in try? store.rawBody(seq: seq) })
            dashboard.setThemes(themes, selecting: selected)
            dashboard.clipboardEnabled = clipboard
            let loop = DashboardLoop(terminal: terminal, dashboard: dashboard, intake: source(),
                                     history: HistoryLoader(store: store), store: store, wake: wake,
                                     receiverInfo: info)
            if let frameLog { loop.onFrame = { seq in frameLog.record(appliedSeq: seq) } }
            let quit = loop.quitSwitch
            let signals = SignalWatcher(signals: [SIGINT, SIGTERM, SIGHUP]) { quit.turnOn() }
            defer { signals.cancel() }
            loop.run()
        }
    }
}


/// How the dashboard draws and where it logs: the options `watch` and `attach` both take.
struct DisplayOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Theme name or path to a theme file (t cycles themes in the UI).", valueName: "name|path"))
    var theme: String?

    @Flag(name: .customLong("no-color"), help: "No colours, attributes only (NO_COLOR is honoured too).")
    var noColor = false

    @Flag(help: "ASCII instead of box drawing and symbols.")
    var ascii = false

    @Flag(name: .customLong("no-mouse"), help: "Do not capture the mouse.")
    var noMouse = false

    @Flag(name: .customLong("no-osc52"), help: "y and Y do not copy to the clipboard through the terminal (OSC 52).")
    var noOSC52 = false

    @Option(name: .customLong("log-file"), help: "Where the UI writes its log (default: $XDG_STATE_HOME/faxtop/faxtop.log).")
    var logFile: String?
}
