#if canImport(Glibc)
import Glibc
#endif

/// `FAXTOP_FRAME_LOG=PATH`: one line per frame drawn, `<wall clock µs> <highest sequence on screen>`.
///
/// How `scripts/bench-live` times a delivery from its 200 to the screen: the poster notes when each
/// answer came, this notes when each frame reached the terminal, and both use the same wall clock.
/// Only the UI thread writes.
final class FrameLog: @unchecked Sendable {
    private let descriptor: Int32

    init?(path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return nil }
        descriptor = fd
    }

    deinit { close(descriptor) }

    func record(appliedSeq: Int64) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let micros = Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000
        let line = Array("\(micros) \(appliedSeq)\n".utf8)
        _ = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }
}
