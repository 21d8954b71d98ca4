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
    .target(name: "Plan"),
    .target(name: "PolicyLanguage", dependencies: ["CYAML", "Plan"]),
    .target(name: "Availability", dependencies: ["Plan"]),
    .systemLibrary(name: "CICal", pkgConfig: "libical", providers: [.apt(["libical-dev"])]),
    .target(name: "FreeBusy", dependencies: ["Availability", "CICal"]),
    .target(name: "Booking", dependencies: ["Availability", "FreeBusy", "Plan"]),
    .target(name: "BookingSQLite", dependencies: ["Booking", "Availability", .product(name: "GRDB", package: "GRDB.swift")]),
    .target(name: "BookingPostgres", dependencies: ["Booking", "Availability", .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log")]),
    .executableTarget(
        name: "slotplan",
        dependencies: [
            "PolicyLanguage", "Plan", "Availability", "FreeBusy", "Booking", "BookingSQLite", "BookingPostgres",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]
    ),
    .executableTarget(name: "slotplan-bench", dependencies: ["PolicyLanguage", "CYAML", "Plan", "Availability", "FreeBusy", "Booking", "BookingSQLite", "BookingPostgres"]),
    .testTarget(name: "PlanTests", dependencies: ["Plan"]),
    .testTarget(name: "AvailabilityTests", dependencies: ["Availability", "Plan", "PolicyLanguage"]),
    .testTarget(name: "FreeBusyTests", dependencies: ["FreeBusy", "Availability"], exclude: ["Fixtures"]),
    .testTarget(name: "BookingTests", dependencies: ["Booking", "BookingSQLite", "BookingPostgres", "Availability", "FreeBusy", "Plan", "PolicyLanguage"]),
    .testTarget(name: "PolicyLanguageTests", dependencies: ["PolicyLanguage", "Plan"], exclude: ["Fixtures"]),
    .testTarget(name: "CommandLineTests", dependencies: ["PolicyLanguage", "Plan", "FreeBusy", "Availability", "Booking", "BookingSQLite", "BookingPostgres"], exclude: ["Golden"]),
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
        .library(name: "Plan", targets: ["Plan"]),
        .library(name: "Availability", targets: ["Availability"]),
        .library(name: "FreeBusy", targets: ["FreeBusy"]),
        .library(name: "Booking", targets: ["Booking"]),
        .library(name: "BookingSQLite", targets: ["BookingSQLite"]),
        .library(name: "BookingPostgres", targets: ["BookingPostgres"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: targets
)
