// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "Cashless",
    products: [
        .executable(name: "cashless", targets: ["cashless"]),
        .library(name: "VietQR", targets: ["VietQR"]),
        .library(name: "QRCode", targets: ["QRCode"]),
        .library(name: "Printing", targets: ["Printing"]),
        .library(name: "Receipts", targets: ["Receipts"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        // Pure VietQR / EMV MPM codec: TLV, CRC, build, parse, lint, bank directory. No I/O, no C.
        .target(name: "VietQR"),

        // Pure: the rules of the values every door takes (amounts, text, banks and accounts) and
        // the one shape of a problem with a field. No I/O.
        .target(name: "Rules", dependencies: ["VietQR"]),

        // Pure: a market's stall list (the survey CSV, its columns in Vietnamese or English) and
        // the equipment status of a stall. No I/O.
        .target(name: "Roster", dependencies: ["Rules", "VietQR"]),

        // Pure: equipped shares and the commune's cashless criteria, computed from counts.
        .target(name: "Adoption", dependencies: ["Roster"]),

        // Pure: bill codes for the transfer content, finding them in what banks send back, matching
        // transfers with open bills, and the class or clinic bill list and bank statement CSVs. No I/O.
        .target(name: "Billing", dependencies: ["Roster", "Rules", "VietQR"]),

        // Storage: the only module that speaks SQL (SQLKit over SQLite or PostgreSQL, one code path).
        .target(
            name: "Ledger",
            dependencies: [
                "Roster", "Rules", "VietQR", "VietnamCalendar",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),

        // Messages to payers: emails over SMTP (SwiftNIO, STARTTLS through swift-nio-ssl) built by a
        // pure MIME writer, and signed JSON callbacks to a unit's gateway (AsyncHTTPClient). No SQL.
        .target(
            name: "Messaging",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),

        // Vietnam's time zone and calendar, defined once for every module that reckons days and months.
        .target(name: "VietnamCalendar"),

        // Reads receipt seals from pictures and PDFs with Debian's zbarimg and pdftoppm.
        .target(name: "Scanning"),

        // What users do, one operation each, over the ledger and the pure modules: sealing receipts
        // with the deployment's keys, trust and status lists, bill codes, market sheets and bill slips,
        // the service's settings.
        // No HTTP, no SQL of its own.
        .target(
            name: "Operations",
            dependencies: [
                "Ledger", "Adoption", "Receipts", "Billing", "Printing", "QRCode", "Roster", "Rules", "VietQR", "VietnamCalendar",
                "Accounts", "Messaging",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),

        // The HTTP service (Hummingbird): the only module that speaks HTTP.
        .target(
            name: "CashlessServer",
            dependencies: [
                "Operations", "Scanning", "VietnamCalendar",
                "Ledger", "Adoption", "Roster", "Rules", "VietQR", "QRCode", "Printing", "Receipts", "Billing", "Accounts",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [
                // The OpenAPI 3.1 description of every route, served at GET /openapi.json.
                .copy("Resources/openapi.json"),
                // The HTML pages (Vietnamese), as mustache templates.
                .copy("Resources/Templates"),
                // The pages' one script (the verify page's camera scan), served as a file: no inline script.
                .copy("Resources/Assets"),
            ]
        ),

        // libqrencode (Debian: libqrencode-dev) through a module map; only QRCode sees it.
        .systemLibrary(name: "CQREncode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),

        // QR symbols as a Sendable module matrix (libqrencode, 8-bit mode) and their PNG and SVG images.
        .target(name: "QRCode", dependencies: ["CQREncode"]),

        // cairo and pango (Debian: libcairo2-dev, libpango1.0-dev) through a module map; only Printing sees them.
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "pangocairo",
            providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]
        ),

        // Stall placards (PDF, PNG) and whole-market sheets (PDF with cut marks), drawn with cairo and pango.
        .target(name: "Printing", dependencies: ["QRCode", "VietQR", "VietnamCalendar", "CCairo"]),

        // The command-line tool, and the server's entry point (only `serve` imports CashlessServer).
        .executableTarget(
            name: "cashless",
            dependencies: [
                "VietQR", "Roster", "Rules", "QRCode", "Printing", "Adoption", "Ledger", "Operations", "Scanning", "CashlessServer",
                "Receipts", "Accounts", "VietnamCalendar",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),

        // OpenSSL 3 (Debian: libssl-dev) through a module map; only Receipts and Accounts see it.
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        // Receipts: amount in words, the seal (CBOR, COSE_Sign1, Base45), keys and signatures
        // through OpenSSL, trust and status lists, offline verification. No I/O.
        .target(name: "Receipts", dependencies: ["COpenSSL", "VietnamCalendar"]),

        // Accounts of the web pages: passwords (PBKDF2-HMAC-SHA256 through OpenSSL), session and
        // form tokens; secrets sealed at rest (AES-256-GCM through OpenSSL). No I/O.
        .target(
            name: "Accounts",
            dependencies: [
                "COpenSSL", "Rules",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),

        // Release-build throughput benchmark of the codec, driven by scripts/bench.
        .executableTarget(
            name: "vietqr-bench",
            dependencies: ["VietQR"],
            path: "Benchmarks/VietQRBench"
        ),

        // Release-build timings of QR images, placards and market sheets: `print-bench`.
        .executableTarget(
            name: "print-bench",
            dependencies: ["Printing", "QRCode", "VietQR"],
            path: "Benchmarks/PrintBench"
        ),

        // Loads a province-size data set through the ledger for scripts/bench-scale: `province-load`.
        .executableTarget(
            name: "province-load",
            dependencies: [
                "Ledger", "Operations", "Receipts", "Roster", "VietQR",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/ProvinceLoad"
        ),

        // Release-build rates of receipt seals (sign and verify, Ed25519 and P-256): `seal-bench`.
        .executableTarget(
            name: "seal-bench",
            dependencies: ["Receipts"],
            path: "Benchmarks/SealBench"
        ),

        // Fuzzing (scripts/fuzz, libFuzzer): what each fuzz target does with an input, in two
        // libraries (the server's readers apart, so the other targets build without the server),
        // and one executable per target holding only libFuzzer's entry. The replay tests call the
        // same functions.
        .target(name: "FuzzEntries", dependencies: ["VietQR", "Receipts", "Roster", "Billing", "Rules"], path: "Sources/Fuzz/Entries"),
        .target(
            name: "FuzzServerEntries",
            dependencies: ["CashlessServer", .product(name: "NIOCore", package: "swift-nio")],
            path: "Sources/Fuzz/ServerEntries"
        ),
        .executableTarget(name: "fuzz-emv", dependencies: ["FuzzEntries"], path: "Sources/Fuzz/emv"),
        .executableTarget(name: "fuzz-seal", dependencies: ["FuzzEntries"], path: "Sources/Fuzz/seal"),
        .executableTarget(name: "fuzz-csv", dependencies: ["FuzzEntries"], path: "Sources/Fuzz/csv"),
        .executableTarget(name: "fuzz-form", dependencies: ["FuzzServerEntries"], path: "Sources/Fuzz/form"),
        .executableTarget(name: "fuzz-webhook", dependencies: ["FuzzServerEntries"], path: "Sources/Fuzz/webhook"),

        .testTarget(
            name: "VietQRTests",
            dependencies: [
                "VietQR", "Growth",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        // Test support: runs the tools that read back what was printed (zbarimg, poppler's pdftoppm,
        // pdftotext, pdffonts) and reports what they saw.
        .target(name: "ReadBack", path: "Tests/ReadBack"),
        .testTarget(
            name: "QRCodeTests",
            dependencies: [
                "QRCode", "VietQR", "ReadBack", .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "PrintingTests", dependencies: ["Printing", "QRCode", "VietQR", "ReadBack"]),
        // Test support: how a reader's time grows with its input (linear, not quadratic).
        .target(name: "Growth", path: "Tests/Growth"),
        // Every input of Tests/Fixtures/fuzz/<target>/ replayed through its fuzz target's entry.
        .testTarget(name: "FuzzTests", dependencies: ["FuzzEntries", "FuzzServerEntries", "Receipts"]),
        // Test support: the catalogue of bad values every door is tried with, and their codes.
        .target(name: "BadValues", path: "Tests/BadValues"),
        .testTarget(name: "RulesTests", dependencies: ["Rules", "VietQR", "BadValues"]),
        .testTarget(name: "RosterTests", dependencies: ["Roster", "Rules", "VietQR", "Growth"]),
        .testTarget(name: "AccountsTests", dependencies: ["Accounts", "ReadBack", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "AdoptionTests", dependencies: ["Adoption", "Roster"]),
        // The MIME writer and the SMTP URL, without a network.
        .testTarget(
            name: "MessagingTests",
            dependencies: ["Messaging", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")]
        ),
        .testTarget(name: "BillingTests", dependencies: ["Billing", "Roster", "Rules", "VietQR", "Growth"]),
        .testTarget(name: "ReceiptsTests", dependencies: ["Receipts", "QRCode", "ReadBack", "Growth"]),
        .testTarget(name: "ScanningTests", dependencies: ["Scanning", "QRCode", "Printing", "ReadBack"]),
        // Storage tests: on SQLite always, and on PostgreSQL too under scripts/with-postgres.
        .testTarget(
            name: "LedgerTests",
            dependencies: [
                "Ledger", "Roster", "Rules", "VietQR",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Service tests in process, and two real `cashless serve` processes on one PostgreSQL.
        .testTarget(
            name: "CashlessServerTests",
            dependencies: [
                "CashlessServer", "Operations", "Ledger", "Adoption", "Rules", "VietQR", "ReadBack", "BadValues", "cashless", "Receipts", "QRCode",
                "Accounts", "Growth", "Messaging",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "CashlessCLITests",
            dependencies: [
                "cashless", "ReadBack", "BadValues", "Receipts", "QRCode", "Ledger", "Operations", "Rules", "Accounts", "VietnamCalendar",
                .product(name: "Logging", package: "swift-log"), .product(name: "SQLKit", package: "sql-kit"),
            ]
        ),
    ]
)
