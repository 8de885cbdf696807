import Foundation

/// The sample Fax.Plus payloads in `Tests/Fixtures`: `valid/` holds bodies the receiver accepts,
/// `invalid/` bodies it refuses. The one place tests find them; names are relative to that folder
/// (`"valid/fax_received.json"`).
public enum Fixtures {
    /// `Tests/Fixtures`, found from this file's place in the package.
    public static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("Fixtures")

    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }

    public static func url(_ name: String) -> URL {
        directory.appendingPathComponent(name)
    }

    /// The file names in `folder` (`"valid"`, `"invalid"`), sorted; empty when the folder is missing
    /// (a test that counts them says so).
    public static func names(_ folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url(folder).path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    public static func data(_ name: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: url(name).path) else {
            throw Missing(description: "fixture missing: \(url(name).path)")
        }
        return data
    }

    public static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try data(name))
    }

    public static func text(_ name: String) throws -> String {
        String(decoding: try data(name), as: UTF8.self)
    }
}
