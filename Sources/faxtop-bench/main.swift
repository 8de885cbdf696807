// faxtop-bench: benchmarks that print figures (run by hand, in release):
//   swift run -c release faxtop-bench ui [N ...]     dashboard frame/filter/key times and memory
//   swift run -c release faxtop-bench startup [N]    time to first and full frame with N stored events
//   swift run -c release faxtop-bench fuzz [--inputs N] [--seconds S] [--seed X]   WebhookDecoder fuzzer
//   .build/release/faxtop-bench hummingbird PORT     bare Hummingbird answering 200 (scripts/bench-ingest)
#if canImport(Glibc)
import Glibc
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "ui", nil:
    let sizes = arguments.dropFirst().compactMap { Int($0) }
    UIBenchmark(sizes: sizes.isEmpty ? [10_000, 100_000, 1_000_000] : sizes).run()
case "startup":
    try await StartupBenchmark(events: arguments.dropFirst().first.flatMap { Int($0) } ?? 1_000_000).run()
case "fuzz":
    exit(DecoderFuzzer(arguments: Array(arguments.dropFirst())).run())
case "hummingbird":
    guard let port = arguments.dropFirst().first.flatMap({ Int($0) }) else {
        print("usage: faxtop-bench hummingbird PORT")
        exit(64)
    }
    try await BareHummingbird(port: port).run()
default:
    print("usage: faxtop-bench ui [N ...] | startup [N] | fuzz [--inputs N] [--seconds S] [--seed X] | hummingbird PORT")
}
