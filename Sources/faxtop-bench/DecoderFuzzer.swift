import FaxCore
import Foundation

/// `faxtop-bench fuzz [--inputs N] [--seconds S] [--seed X]`: a seeded mutation fuzzer on
/// `WebhookDecoder`. Every input must be accepted or refused with 400/422, within 50 ms; a failing,
/// crashing or hanging input is written to a file so it can become a regression test.
struct DecoderFuzzer {
    var inputs: Int?
    var seconds: Double?
    var seed: UInt64

    static let timeLimitNanoseconds: UInt64 = 50_000_000

    init(arguments: [String]) {
        func value(_ name: String) -> String? {
            arguments.firstIndex(of: name).flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
        }
        inputs = value("--inputs").flatMap { Int($0) }
        seconds = value("--seconds").flatMap { Double($0) }
        seed = value("--seed").flatMap { UInt64($0) } ?? 1
        if inputs == nil && seconds == nil { inputs = 1_000_000 }
    }

    /// Returns the process exit status: 0 when every input behaved.
    func run() -> Int32 {
        let seeds = Self.fixtureSeeds() + Self.handMadeSeeds()
        let mutator = FuzzMutator(seeds: seeds)
        let decoder = WebhookDecoder()
        FuzzCrashGuard.install(file: "fuzz-crash-seed\(seed).bin")
        print("fuzzing WebhookDecoder: \(seeds.count) seeds, seed \(seed), "
              + (inputs.map { "\($0) inputs" } ?? "") + (seconds.map { " \($0) s" } ?? ""))

        var rng = SplitMix64(seed: seed)
        var corpus = seeds
        var counts = (accepted: 0, malformed: 0, invalid: 0)
        var slowest: (nanoseconds: UInt64, size: Int, preview: String) = (0, 0, "")
        var failures = 0
        var done = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let deadline = seconds.map { start + UInt64($0 * 1e9) } ?? .max
        while done < (inputs ?? .max), done % 1024 != 0 || DispatchTime.now().uptimeNanoseconds < deadline {
            // Every tenth input is a seed as is, so the unmutated paths stay covered too.
            let parent = corpus[rng.below(corpus.count)]
            let input = done < seeds.count ? seeds[done] : (rng.oneIn(10) ? parent : mutator.mutate(parent, using: &rng))
            done += 1
            var (status, elapsed) = Self.decode(input, with: decoder)
            if elapsed > Self.timeLimitNanoseconds {
                // A shared machine can preempt us mid-input: only a repeatably slow input is a hang.
                elapsed = (0..<3).map { _ in Self.decode(input, with: decoder).nanoseconds }.min()!
            }
            if elapsed > slowest.nanoseconds { slowest = (elapsed, input.count, Self.preview(input)) }
            switch status {
            case 200:
                counts.accepted += 1
                // Accepted mutants are the interesting parents: they already pass the schema.
                if corpus.count < 1_000 && input.count < 8_192 { corpus.append(input) }
            case 400: counts.malformed += 1
            case 422: counts.invalid += 1
            default: break
            }
            if ![200, 400, 422].contains(status) || elapsed > Self.timeLimitNanoseconds {
                failures += 1
                let file = "fuzz-failure-seed\(seed)-\(done).bin"
                _ = FileManager.default.createFile(atPath: file, contents: Data(input))
                print("FAIL input #\(done): status \(status), \(Double(elapsed) / 1e6) ms, \(input.count) bytes → \(file)")
                if failures >= 10 { break }
            }
            if done % 250_000 == 0 { print("  \(done) inputs…") }
        }
        let total = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print(String(format: "%d inputs in %.1f s = %.0f inputs/s", done, total, Double(done) / total))
        print("accepted \(counts.accepted)   400 \(counts.malformed)   422 \(counts.invalid)   failures \(failures)")
        print(String(format: "slowest input: %.3f ms (%d bytes: %@)", Double(slowest.nanoseconds) / 1e6, slowest.size,
                     slowest.preview as NSString))
        return failures == 0 ? 0 : 1
    }

    /// Decodes one input; the status is the HTTP answer the receiver would give (200, 400, 422, or
    /// anything else, which is a failure).
    private static func decode(_ input: [UInt8], with decoder: WebhookDecoder) -> (status: Int, nanoseconds: UInt64) {
        FuzzCrashGuard.run(input) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let status: Int
            do throws(PayloadError) {
                _ = try decoder.decode(input)
                status = 200
            } catch {
                status = error.httpStatus
            }
            return (status, DispatchTime.now().uptimeNanoseconds - t0)
        }
    }

    private static func preview(_ input: [UInt8]) -> String {
        String(decoding: input.prefix(60), as: UTF8.self).unicodeScalars
            .map { $0.value < 0x20 || $0.value == 0x7F ? "·" : String($0) }.joined()
    }

    /// The sample payloads of `Tests/Fixtures`, found from the package root as the tests find them.
    static func fixtureSeeds() -> [[UInt8]] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let base = root.appendingPathComponent("Tests/Fixtures")
        var seeds: [[UInt8]] = []
        for folder in ["valid", "invalid"] {
            let directory = base.appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            for name in names.sorted() {
                if let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) { seeds.append(Array(data)) }
            }
        }
        if seeds.isEmpty { FileHandle.standardError.write(Data("fuzz: no fixtures found under \(base.path)\n".utf8)) }
        return seeds
    }

    /// Edge cases the fixtures do not cover, each a known trouble spot for JSON decoders.
    static func handMadeSeeds() -> [[UInt8]] {
        let minimal = #"{"hook":{"id":"h1","event":"fax_sent"},"data":{"id":"d1","status":"success"}}"#
        let cases: [String] = [
            "", " ", "{}", "[]", "null", "0", "\"x\"", "{", "}", "{\"hook\":{},\"data\":{}}",
            minimal,
            "\u{FEFF}" + minimal,
            minimal + "garbage",
            minimal + minimal,
            #"{"hook":{"id":"h1","event":"fax_sent"},"hook":{"id":"h2","event":"fax_received"},"data":{"id":"d1","status":"success"}}"#,
            #"{"hook":{"id":"h1","event":"fax_page_received"},"data":{"id":"d1"}}"#,
            #"{"hook":{"id":"h1","event":"fax_sent"},"data":{"id":"d1","status":"success","pages":1e308,"cost":-1e308}}"#,
            #"{"hook":{"id":"h1","event":"fax_sent"},"data":{"id":"d1","status":"success","pages":-1}}"#,
            #"{"hook":{"id":"h1","event":"fax_sent"},"data":{"id":"d1","status":"success","pages":1.5}}"#,
            #"{"hook":{"id":"h1","event":"fax_received"},"data":{"id":"d1","status":"success","from_number":15551234567,"to_number":"+1"}}"#,
            #"{"hook":{"id":"\ud83d\ude00","event":"fax_sent","event_time":"2026-02-30 25:61:61"},"data":{"id":"\u0000","status":"\u001b[2J"}}"#,
            #"{"hook":{"id":"h1","event":"fax_sent","event_time":"2026-10-17 09:58:12"},"data":{"id":"d1","status":"x","start_time":"9999-12-31 23:59:59"}}"#,
            String(repeating: "[", count: 65) + String(repeating: "]", count: 65),
            String(repeating: "{\"a\":", count: 63) + "1" + String(repeating: "}", count: 63),
        ]
        return cases.map { Array($0.utf8) } + [
            Array(minimal.utf8.prefix(30)) + [0xFF, 0xFE] + Array(minimal.utf8.dropFirst(30)),
            [0xEF, 0xBB, 0xBF] + Array(minimal.utf8),
        ]
    }
}
