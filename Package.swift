// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Tally",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tally", targets: ["tally"]),
        .library(name: "TallyPipeline", targets: ["TallyPipeline", "TallyPartials", "TallyComparison", "TallyReport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        // `swift package generate-documentation`: the DocC catalog in Sources/TallyPipeline/Documentation.docc.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // C libraries: zlib and ISA-L from the system, and a few Linux calls Swift cannot reach directly.
        .systemLibrary(
            name: "CTallyZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // ISA-L's inflate, the fast decoder of gzip input (`--inflater isal`).
        .systemLibrary(
            name: "CIsal",
            pkgConfig: "libisal",
            providers: [.apt(["libisal-dev"])]
        ),
        // `renameat2`, the one Linux call Swift cannot reach directly.
        .target(name: "CTallyPlatform"),

        // gzip files through zlib, for reading and writing, and through ISA-L's deflate for large intermediate files.
        .target(name: "TallyGzip", dependencies: ["CTallyZlib", "CIsal"]),
        // The shared model, by folder: definitions, batches, errors, paths, options, support (jobs at once, a search).
        .target(name: "TallyModel"),
        // Pipeline definitions: YAML in, validated model out.
        .target(name: "TallyDefinition", dependencies: ["TallyModel", .product(name: "Yams", package: "Yams")]),
        // Spill files: binary frames, rejects, batches and weights spools a run sets aside on disk and reads back.
        .target(
            name: "TallySpill",
            dependencies: ["TallyModel", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Stage 1: gzip/CSV bytes into columnar batches.
        .target(
            name: "TallyReader",
            dependencies: ["TallyModel", "CTallyZlib", "CIsal", .product(name: "Crypto", package: "swift-crypto")]),
        // Stage 2: quality rules, derived fields, and the whole-run rules (duplicate ids, relative speeders).
        .target(name: "TallyCleaner", dependencies: ["TallyModel", "TallySpill"]),
        // Stage 3: weights per weighting cell.
        .target(name: "TallyWeighter", dependencies: ["TallyModel"]),
        // Stage 4: the crosstab core and the statistics finished from it.
        .target(name: "TallyAggregator", dependencies: ["TallyModel"]),
        // Results: partitioned tables, the tab book, rejects, weights, audit, manifest, atomic publication.
        .target(
            name: "TallyWriter",
            dependencies: [
                "TallyModel", "TallyAggregator", "TallyGzip", "TallySpill", "CTallyPlatform",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // Synthetic respondents, and the synthesis configuration they are made from (`synthesis`, fields' `synth`).
        .target(
            name: "TallySynth",
            dependencies: ["TallyModel", "TallyDefinition", "TallyGzip", .product(name: "Yams", package: "Yams")]
        ),
        // Comparing finished runs: `tally diff` and trend tables, on one reader of run folders and their tables.
        .target(
            name: "TallyComparison", dependencies: ["TallyModel", "TallyReader", "TallyAggregator", "TallyWriter"]),
        // The edition's report: self-contained HTML pages made from a run folder's results.
        .target(
            name: "TallyReport", dependencies: ["TallyModel", "TallyAggregator", "TallyWriter", "TallyComparison"]),
        // Orchestration: a run (every file read, cleaned and aggregated, then finished), editions, the Dispatch wiring.
        .target(
            name: "TallyPipeline",
            dependencies: [
                "TallyModel", "TallyDefinition", "TallyReader", "TallyCleaner", "TallyWeighter",
                "TallyAggregator", "TallyWriter", "TallySpill", "TallyComparison", "TallyReport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Partial results: `tally run --partial` (a first pass over some inputs) and `tally merge`, which settles the whole-run rules over them.
        .target(
            name: "TallyPartials",
            dependencies: [
                "TallyModel", "TallyDefinition", "TallyReader", "TallyCleaner", "TallyAggregator", "TallyWriter",
                "TallySpill", "TallyPipeline", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `tally bench`: generated data sets, repeated runs and their medians.
        .target(
            name: "TallyBench",
            dependencies: ["TallyPipeline", "TallySynth", "TallyModel", "TallyWriter"]),
        // The command line: ArgumentParser commands calling the libraries.
        .executableTarget(
            name: "tally",
            dependencies: [
                "TallyPipeline", "TallyPartials", "TallyComparison", "TallyReport", "TallySynth", "TallyBench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Test support: fixture paths, definition samples and shared helpers (an .xlsx reader among them).
        .target(
            name: "TallyTestSupport",
            dependencies: ["TallyModel", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Tests/TallyTestSupport"
        ),

        // Kernel benchmarks (`swift package benchmark`); the plugin finds them under a `Benchmarks` folder.
        .executableTarget(
            name: "Kernels",
            dependencies: [
                "TallyReader", "TallyCleaner", "TallyAggregator", "TallyWeighter", "TallySynth",
                "TallyModel", .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Sources/Benchmarks/Kernels",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Tests beside what they test: one target per module.
        .testTarget(name: "TallyModelTests", dependencies: ["TallyModel"]),
        .testTarget(name: "TallyDefinitionTests", dependencies: ["TallyDefinition", "TallyTestSupport"]),
        .testTarget(name: "TallySpillTests", dependencies: ["TallySpill", "TallyDefinition", "TallyTestSupport"]),
        .testTarget(name: "TallyReaderTests", dependencies: ["TallyReader", "CTallyZlib", "TallyTestSupport"]),
        .testTarget(name: "TallyCleanerTests", dependencies: ["TallyCleaner", "TallyTestSupport"]),
        .testTarget(name: "TallyWeighterTests", dependencies: ["TallyWeighter", "TallyTestSupport"]),
        .testTarget(name: "TallyAggregatorTests", dependencies: ["TallyAggregator", "TallyTestSupport"]),
        .testTarget(
            name: "TallyWriterTests",
            dependencies: [
                "TallyWriter", "TallyGzip", "TallyDefinition", "TallyTestSupport",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .testTarget(name: "TallySynthTests", dependencies: ["TallySynth", "TallyDefinition", "TallyTestSupport"]),
        .testTarget(
            name: "TallyComparisonTests", dependencies: ["TallyComparison", "TallyPipeline", "TallyTestSupport"]),
        .testTarget(name: "TallyPartialsTests", dependencies: ["TallyPartials", "TallyPipeline", "TallyTestSupport"]),
        .testTarget(name: "TallyPipelineTests", dependencies: ["TallyPipeline", "TallyTestSupport"]),
        .testTarget(name: "TallyReportTests", dependencies: ["TallyReport", "TallyTestSupport"]),
        .testTarget(name: "tallyTests", dependencies: ["tally", "TallyTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
