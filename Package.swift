// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "faxtop",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "faxtop", targets: ["faxtop"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        .target(name: "FaxCore"),
        .target(
            name: "FaxStore",
            dependencies: [
                "FaxCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "FaxReceiver",
            dependencies: [
                "FaxCore", "FaxStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // Linked through module.modulemap; pkg-config's ncursesw flags are ones SwiftPM refuses
        // (-D_DEFAULT_SOURCE), so the library is named directly.
        .systemLibrary(
            name: "CNcursesw",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        .target(
            name: "FaxDashboard",
            dependencies: ["FaxCore", "FaxStore", "CNcursesw", "TOMLKit"]
        ),
        // The logic behind demo, send, hooks and the config file: pure where it can be, tested on loopback.
        .target(name: "FaxTools", dependencies: ["FaxCore", "TOMLKit"]),
        .executableTarget(
            name: "faxtop",
            dependencies: [
                "FaxCore", "FaxStore", "FaxReceiver", "FaxDashboard", "FaxTools",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "faxtop-bench",
            dependencies: [
                "FaxCore", "FaxStore", "FaxDashboard",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // Starting and reaping child processes in tests (see ChildProcess for why not Foundation's Process),
        // the one way tests find the sample payloads of Tests/Fixtures, and a store with faults to switch on.
        .target(name: "FaxTestSupport", dependencies: ["FaxCore", "FaxStore"], path: "Tests/Support"),
        .testTarget(name: "FaxCoreTests", dependencies: ["FaxCore", "FaxTestSupport"]),
        .testTarget(
            name: "FaxStoreTests",
            dependencies: [
                "FaxCore", "FaxStore", "FaxTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "FaxReceiverTests",
            dependencies: [
                "FaxCore", "FaxStore", "FaxReceiver", "FaxTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "FaxDashboardTests", dependencies: ["FaxCore", "FaxStore", "FaxDashboard", "FaxTestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["FaxCore", "FaxTestSupport"]),
        .testTarget(
            name: "FaxToolsTests",
            dependencies: [
                "FaxCore", "FaxStore", "FaxReceiver", "FaxTools", "FaxTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
