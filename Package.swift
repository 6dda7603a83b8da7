// swift-tools-version: 6.1
import PackageDescription

/// Upcoming features every gridops target is built with (as Hummingbird does): imports are
/// internal unless a type leaks, and existentials are spelled `any`.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "gridops",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gridops", targets: ["gridops"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.1.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
    ],
    targets: [
        // MARK: Layer 0: system libraries and value types

        /// libgit2 (Debian `libgit2-dev`): module map and shim header only. Imported by GridGit alone.
        .systemLibrary(name: "CGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        /// libyaml (Debian `libyaml-dev`): module map and shim header only. Imported by GridManifests alone.
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        /// Value types: manifests, diagnostics, sources, placements, site resources. No I/O.
        /// swift-crypto gives resource specs their SHA-256.
        .target(
            name: "GridModel",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),

        // MARK: Layer 1: reading the world

        /// Git and working-directory sources: the tree at a revision, blobs, diffs. The only importer of CGit2.
        .target(name: "GridGit", dependencies: ["CGit2", "GridModel"], swiftSettings: strictSettings),
        /// YAML nodes with file:line:column, schema decoding, validation, the synthetic grid generator.
        /// The only importer of CYAML.
        .target(name: "GridManifests", dependencies: ["CYAML", "GridModel"], swiftSettings: strictSettings),

        /// Placement: filter and score sites for every workload; near-optimal, stable, explained. Pure.
        // Release builds skip the run-time exclusivity checks here: the engine's hot loops
        // reach into one class's arrays, and the checks were a third of the placement time.
        // The compile-time checks stay, and debug builds (the tests) keep the run-time ones.
        .target(name: "GridPlacement", dependencies: ["GridModel"],
                swiftSettings: strictSettings + [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),
        /// Desired per-site resources with spec hashes, the diff against what sites report, drift. Pure.
        .target(name: "GridPlan", dependencies: ["GridModel"], swiftSettings: strictSettings),
        /// The controller's memory: GRDB over SQLite, versioned migrations, intent-named reads and writes.
        .target(
            name: "GridStore",
            dependencies: ["GridModel", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictSettings
        ),
        /// `SiteDriver` and its implementations: the simulated sites over their own SQLite world.
        .target(
            name: "GridDrivers",
            dependencies: ["GridModel", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictSettings
        ),

        // MARK: Layer 2: converging the world

        /// One reconcile pass (resolve, validate, place, render, observe, diff, execute) and the daemon.
        .target(
            name: "GridReconciler",
            dependencies: [
                "GridModel", "GridGit", "GridManifests", "GridPlacement", "GridPlan", "GridStore", "GridDrivers",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: Layer 3: serving

        /// Hummingbird: the JSON API (bearer tokens, OpenAPI), the GitHub webhook endpoint (signed,
        /// parsed, then "look again"), Prometheus /metrics, the dashboard, /healthz and /readyz.
        .target(
            name: "GridServer",
            dependencies: [
                "GridModel", "GridPlan", "GridStore", "GridReconciler",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: Layer 4: commands

        /// The swift-argument-parser commands; every command is testable by parsing.
        .target(
            name: "GridCommands",
            dependencies: [
                "GridModel", "GridGit", "GridManifests", "GridPlacement", "GridPlan", "GridStore", "GridDrivers",
                "GridReconciler", "GridServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: Layer 5: executables

        /// `gridops`: a few lines of `@main`.
        .executableTarget(name: "gridops", dependencies: ["GridCommands"], swiftSettings: strictSettings),
        /// `GridBench`: the floors the benchmarks measure against (`make bench`).
        .executableTarget(
            name: "GridBench",
            dependencies: [
                "GridModel", "GridGit", "GridManifests", "GridPlacement", "GridPlan", "GridStore", "GridDrivers", "GridReconciler",
            ],
            swiftSettings: strictSettings
        ),

        // MARK: Tests

        /// Fixtures, temporary git repositories, an in-memory source, golden-file helpers.
        .target(
            name: "GridTestSupport",
            dependencies: ["GridModel", "GridGit", "GridManifests", "GridPlan", "GridDrivers"],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "GridModelTests", dependencies: ["GridModel", "GridTestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "GridGitTests", dependencies: ["GridGit", "GridTestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "GridManifestsTests",
            dependencies: ["GridManifests", "GridTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GridPlacementTests",
            dependencies: ["GridPlacement", "GridManifests", "GridTestSupport"],
            exclude: ["Snapshots"],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "GridPlanTests", dependencies: ["GridPlan", "GridTestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "GridStoreTests",
            dependencies: ["GridStore", "GridTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "GridDriversTests", dependencies: ["GridDrivers", "GridTestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "GridReconcilerTests",
            dependencies: [
                "GridReconciler", "GridPlan", "GridStore", "GridDrivers", "GridManifests", "GridPlacement", "GridTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GridServerTests",
            dependencies: [
                "GridServer", "GridModel", "GridGit", "GridStore", "GridReconciler", "GridDrivers", "GridTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GridCommandsTests",
            dependencies: [
                "GridCommands", "GridModel", "GridGit", "GridStore", "GridDrivers", "GridTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["Snapshots"],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
