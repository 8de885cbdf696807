import FaxCore

/// Deterministic, realistic deliveries for benchmarks: a pool of numbers, a third failing,
/// retry chains, repeats and rejections, without JSON decoding on the measured path.
struct SyntheticTraffic {
    private var state: UInt64
    private var seq: Int64 = 0
    private var openChains: [String] = []
    let numbers = (0..<400).map { i in "+1 \(200 + i % 700)-555-\(1000 + i)" }
    let statuses = ["success", "success", "success", "failed_user_busy", "failed_no_answer", "partially_sent",
                    "failed_fs_49", "success", "insufficient_credit"]

    init(seed: UInt64 = 42) { state = seed }

    mutating func next64() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ bound: Int) -> Int { Int(next64() % UInt64(bound)) }

    static func hex24(_ value: UInt64) -> String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 24 - hex.count)) + hex
    }

    mutating func next(at milliseconds: Int64) -> Delivery {
        seq += 1
        let roll = int(100)
        if roll < 2 {
            return .rejected(Rejection(seq: seq, receivedAt: milliseconds, remote: "203.0.113.\(int(250))", code: 422,
                                       reason: "data.pages: expected a number, got a string"))
        }
        let hookID = Self.hex24(next64())
        var dataID = hookID
        if roll < 12, !openChains.isEmpty {
            dataID = openChains[int(openChains.count)]
        }
        let status = statuses[int(statuses.count)]
        if status.hasPrefix("failed"), openChains.count < 5000 { openChains.append(dataID) }
        let seconds = milliseconds / 1000
        let event = FaxEvent(
            hookID: hookID, hookEvent: int(3) == 0 ? "fax_received" : "fax_sent",
            eventTime: FaxTimestamp.format(seconds - 30), target: "https://hooks.example.com/faxplus",
            dataID: dataID, uid: "7c1e2f9a4b3d4e5f8a6b0c1d2e3f4a5b", pages: 1 + int(9),
            from: numbers[int(numbers.count)], to: numbers[int(numbers.count)],
            startTime: FaxTimestamp.format(seconds - 90), file: hookID + ".tiff", fileName: "fax-\(seq)",
            cost: Double(1 + int(9)), status: FaxStatus(raw: status), raw: [])
        return .accepted(AcceptedDelivery(seq: seq, event: event, receivedAt: milliseconds, remote: "34.65.253.117"))
    }
}
