// swift-tools-version: 6.0
import Foundation
import PackageDescription

/// Set SLOTPLAN_FUZZ=1 (with `swift build --sanitize fuzzer`) to add the libFuzzer target; see docs/fuzzing.md.
let fuzzing = ProcessInfo.processInfo.environment["SLOTPLAN_FUZZ"] != nil

var targets: [Target] = [
    .systemLibrary(
        name: "CYAML",
        pkgConfig: "yaml-0.1",
        providers: [.apt(["libyaml-dev"])]
    ),
    .systemLibrary(name: "CICal", pkgConfig: "libical", providers: [.apt(["libical-dev"])]),
    .target(name: "PlanModel", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
    .target(name: "PolicyLanguage", dependencies: ["CYAML", "PlanModel"]),
    .target(name: "Availability", dependencies: ["PlanModel"]),
    .target(name: "FreeBusy", dependencies: ["PlanModel", "CICal"]),
    .target(name: "Booking", dependencies: ["Availability", "PlanModel"]),
    .target(name: "Calendars", dependencies: ["Booking", "FreeBusy", "Availability", "PlanModel"]),
    .target(name: "Connections", dependencies: ["PlanModel", .product(name: "Crypto", package: "swift-crypto")]),
    .target(name: "BookingSQLite", dependencies: ["Booking", "Connections", "PlanModel", .product(name: "GRDB", package: "GRDB.swift")]),
    .target(name: "BookingPostgres", dependencies: ["Booking", "Connections", "PlanModel", .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")]),
    .target(name: "Runtime", dependencies: [.product(name: "Crypto", package: "swift-crypto"), "PolicyLanguage", "PlanModel", "Availability", "FreeBusy", "Booking", "Calendars", "BookingSQLite", "BookingPostgres", "Connections"]),
    .target(name: "PolicyDiff", dependencies: ["PolicyLanguage", "PlanModel", "Availability", "FreeBusy", "Booking"]),
    .target(name: "AgentTools", dependencies: [
        "Runtime", "Booking", "PlanModel", .product(name: "MCP", package: "swift-sdk"), .product(name: "Logging", package: "swift-log"),
    ]),
    .target(name: "Server", dependencies: [
        "Runtime", "AgentTools", .product(name: "MCP", package: "swift-sdk"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"), .product(name: "HTTPTypes", package: "swift-http-types"), "Booking", "Availability", "PlanModel",
        .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Prometheus", package: "swift-prometheus"),
    ]),
    .executableTarget(
        name: "slotplan",
        dependencies: [
            "Runtime", "Server", "AgentTools", "Connections", "PolicyLanguage", "PolicyDiff", "PlanModel", "Availability", "FreeBusy",
            .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
        ]
    ),
    .executableTarget(name: "slotplan-bench", dependencies: ["PolicyLanguage", "CYAML", "PlanModel", "Availability", "FreeBusy", "Booking", "BookingSQLite", "BookingPostgres", "Runtime"]),
    .target(name: "TestSupport", dependencies: ["Booking", "PlanModel", "Availability", "BookingPostgres"], path: "Tests/TestSupport"),
    .testTarget(name: "PlanTests", dependencies: ["PlanModel", "TestSupport"]),
    .testTarget(name: "AvailabilityTests", dependencies: ["Availability", "PolicyLanguage", "PlanModel", "TestSupport"]),
    .testTarget(name: "FreeBusyTests", dependencies: ["FreeBusy", "PlanModel", "TestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "BookingTests", dependencies: ["Booking", "PolicyLanguage", "Calendars", "BookingSQLite", "BookingPostgres", "Availability", "FreeBusy", "PlanModel", "TestSupport"]),
    .testTarget(name: "ServerTests", dependencies: ["Server", "AgentTools", "Runtime", "PlanModel", "Booking", "BookingSQLite", "BookingPostgres", "TestSupport"]),
    .testTarget(name: "ConnectionsTests", dependencies: ["Connections", "PlanModel", "BookingSQLite", "BookingPostgres", "Booking", "TestSupport"]),
    .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "Booking", "Calendars", "Availability", "PlanModel", "TestSupport"]),
    .testTarget(name: "PolicyLanguageTests", dependencies: ["PolicyLanguage", "PlanModel", "TestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "CommandLineTests", dependencies: ["PlanModel", "FreeBusy", "Availability", "Booking", "BookingSQLite", "BookingPostgres", "TestSupport"], exclude: ["Golden"]),
]

if fuzzing {
    targets.append(.executableTarget(name: "FuzzFrontEnd", dependencies: ["PolicyLanguage"], path: "Fuzz/FrontEnd"))
}

let package = Package(
    name: "slotplan",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "slotplan", targets: ["slotplan"]),
        .library(name: "PolicyLanguage", targets: ["PolicyLanguage"]),
        .library(name: "PlanModel", targets: ["PlanModel"]),
        .library(name: "Availability", targets: ["Availability"]),
        .library(name: "FreeBusy", targets: ["FreeBusy"]),
        .library(name: "Booking", targets: ["Booking"]),
        .library(name: "Calendars", targets: ["Calendars"]),
        .library(name: "Runtime", targets: ["Runtime"]),
        .library(name: "PolicyDiff", targets: ["PolicyDiff"]),
        .library(name: "Server", targets: ["Server"]),
        .library(name: "AgentTools", targets: ["AgentTools"]),
        .library(name: "Connections", targets: ["Connections"]),
        .library(name: "BookingSQLite", targets: ["BookingSQLite"]),
        .library(name: "BookingPostgres", targets: ["BookingPostgres"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: targets
)
