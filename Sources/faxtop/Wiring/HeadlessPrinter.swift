import FaxCore
import FaxReceiver
import FaxStore
import Foundation
import Synchronization

/// `--headless`: one JSON line per delivery on stdout, in sequence order and complete (a ring overrun
/// is backfilled from the store, as in the UI). Lines that arrive together go out in one write.
final class HeadlessPrinter: @unchecked Sendable {
    // Touched only by the printer thread, apart from the thread-safe ring, store and wake pipe.
    private let intake: any DeliverySource
    private let store: any EventStore
    private let wake: WakePipe
    private var appliedSeq: Int64
    private let stopped = Atomic<Bool>(false)
    private let onOutputFailure: @Sendable (StandardOutput.WriteError) -> Void

    /// `onOutputFailure`: standard output cannot be written (its reader went away, a full disk);
    /// printing has stopped, and faxtop should too, as a program in a pipe does.
    /// Prints what `source` hands out after `appliedSeq` (default: the journal's last, so only
    /// deliveries from now on; history is what `faxtop export` or `attach --json --from-seq` are for).
    init(source: any DeliverySource, wake: WakePipe, store: any EventStore, after appliedSeq: Int64? = nil,
         onOutputFailure: @escaping @Sendable (StandardOutput.WriteError) -> Void) {
        self.intake = source
        self.store = store
        self.wake = wake
        self.onOutputFailure = onOutputFailure
        self.appliedSeq = appliedSeq ?? (try? store.lastSeq()) ?? 0
    }

    /// Prints until `stop()`, then prints what is left.
    func run() {
        while true {
            let stopping = stopped.load(ordering: .acquiring)
            var fds = [pollfd(fd: wake.readDescriptor, events: Int16(POLLIN), revents: 0)]
            _ = poll(&fds, 1, stopping ? 0 : 500)
            wake.drain()
            var printed = false
            while true {
                let batch = intake.next(after: appliedSeq)
                if batch.isEmpty { break }
                printed = true
                // One write per batch, not per line: each line is still complete and in order.
                var text = ""
                for delivery in batch { text += line(delivery) }
                do {
                    try StandardOutput.write(text)
                } catch {
                    onOutputFailure(error)
                    return
                }
                appliedSeq = batch.last!.seq
            }
            reportMissing()
            if stopping { return }
            // Let deliveries gather before looking again: waking for each one under load cost a
            // pipe write, a thread switch and a stdout write per webhook.
            if printed { usleep(Self.gatherMicroseconds) }
        }
    }

    /// How long lines may wait to be printed together: too short for a person or a pipe to notice.
    static let gatherMicroseconds: UInt32 = 2_000

    /// Says on stderr, once each time it starts, that deliveries are held back because the store cannot
    /// be read, and once more when they have come through: lines must not stop without a word.
    private var reportedMissing = false
    private func reportMissing() {
        if let missing = intake.missing, !reportedMissing {
            reportedMissing = true
            let count = missing.count > 0 ? "\(missing.count) deliveries held back" : "the journal cannot be read"
            Stderr.write("faxtop: \(count) (store: \(missing.error.message)); retrying, lines resume in order\n")
        } else if intake.missing == nil, reportedMissing {
            reportedMissing = false
            Stderr.write("faxtop: the store can be read again; the held-back lines follow\n")
        }
    }

    func stop() {
        stopped.store(true, ordering: .releasing)
        wake.signal()
    }

    private func line(_ delivery: Delivery) -> String {
        var original: AcceptedDelivery?
        if case .duplicate(let duplicate) = delivery,
           case .accepted(let first)? = try? store.deliveries(in: duplicate.eventSeq...duplicate.eventSeq).first {
            original = first
        }
        return HeadlessLine.format(delivery, original: original) + "\n"
    }
}
