// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "Cashless",
    products: [
        .executable(name: "cashless", targets: ["cashless"]),
        .library(name: "VietQR", targets: ["VietQR"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // Pure VietQR / EMV MPM codec: TLV, CRC, build, parse, lint, bank directory. No I/O, no C.
        .target(name: "VietQR"),

        // The command-line tool (and, later, the server's entry point).
        .executableTarget(
            name: "cashless",
            dependencies: [
                "VietQR",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Release-build throughput benchmark of the codec, driven by scripts/bench.
        .executableTarget(
            name: "vietqr-bench",
            dependencies: ["VietQR"],
            path: "Benchmarks/VietQRBench"
        ),

        .testTarget(
            name: "VietQRTests",
            dependencies: [
                "VietQR",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "CashlessCLITests",
            dependencies: ["cashless"]
        ),
    ]
)
