import Adoption
import CashlessServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Ledger
import Logging
import Messaging
import Metrics
import Operations
import Prometheus
import Receipts
import Testing
import VietQR

/// Runs the whole service in process (Hummingbird's router test framework) on a fresh, migrated
/// database, with an admin key, for the length of one test.
struct Harness {
    let client: any TestClientProtocol
    let ledger: Ledger
    /// `Authorization` headers of an admin key.
    let admin: HTTPFields
    /// Every route the service's router registers, as `METHOD /path/{parameter}`.
    let routes: Set<Route>
    /// The service's private keys, in a folder of its own.
    let keys: KeyStore
    /// What sends the outbox's deliveries, as the service's own sender does (a test runs it to race that one).
    let sender: DeliverySender

    static let banks: BankDirectory = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Config/banks.json")
        return try! BankDirectory(json: Data(contentsOf: url))
    }()

    static let targets = Targets(marketEquipped: 0.70, schoolsCollectByQR: 1.0, clinicsCollectByQR: 1.0, feesCashless: 0.70)

    /// The process's metrics go to this registry (the metrics system can be set up once per process).
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// Runs `body` against the service on `database`: in process through the router by default,
    /// or over a real loopback connection with `.live`, under `limits`. The receipts that wait to be
    /// sealed are tried again every `receiptRetry` (never by default, so a test decides when they are).
    /// Receipts are sent to payers through the mail server of `smtp` (a `CASHLESS_SMTP_URL`) by a
    /// sender that runs with `deliveryPolicy` when `deliveries` is given (its longest pause).
    static func run(
        on database: ServerDatabase,
        testing: TestingSetup = .router,
        limits: ServiceLimits = .fresh,
        receiptRetry: Duration? = nil,
        smtp: String? = nil,
        deliveryPolicy: DeliveryPolicy = .standard,
        deliveries: Duration? = nil,
        _ body: @Sendable (Harness) async throws -> Void
    ) async throws {
        var logger = Logger(label: "cashless-test")
        logger.logLevel = .critical
        try await database.withURL { url in
            let ledger = try await Ledger.open(url, logger: logger)
            let keys = FileManager.default.temporaryDirectory.appendingPathComponent("cashless-keys-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: keys) }
            let services = try {
                var services = AppServices(
                    ledger: ledger,
                    banks: banks,
                    targets: targets,
                    keys: KeyStore(dataDirectory: keys.path),
                    publicURL: "https://thu.example.vn",
                    limits: limits
                )
                services.receiptRetryInterval = receiptRetry
                services.smtp = try smtp.map { text throws in try SMTPSettings(url: text) }
                services.deliveryPolicy = deliveryPolicy
                services.deliveryInterval = deliveries
                return services
            }()
            let routes = Set(
                buildRouter(services: services, registry: registry).routes.map {
                    Route(method: $0.method.rawValue, path: $0.path.description)
                }
            )
            let app = buildApplication(settings: Settings(), services: services, registry: registry, logger: logger)
            try await app.test(testing) { client in
                let key = try await ledger.createKey(role: .admin, scopeId: nil)
                try await body(
                    Harness(
                        client: client,
                        ledger: ledger,
                        admin: [.authorization: "Bearer \(key.secret)"],
                        routes: routes,
                        keys: services.sealer.keys,
                        sender: services.sender
                    )
                )
            }
        }
    }

    /// Headers for a new key of `role` limited to `scope`.
    func key(_ role: APIKey.Role, scope: Int64?) async throws -> HTTPFields {
        [.authorization: "Bearer \(try await ledger.createKey(role: role, scopeId: scope).secret)"]
    }

    /// A request; `json` or `csv` is sent as the body with its content type, `raw` as it is
    /// with the content type `headers` give.
    @discardableResult
    func call(
        _ method: HTTPRequest.Method,
        _ uri: String,
        headers: HTTPFields? = nil,
        json: String? = nil,
        csv: String? = nil,
        raw: String? = nil
    ) async throws -> TestResponse {
        var fields = headers ?? admin
        var body: ByteBuffer? = raw.map { ByteBuffer(string: $0) }
        if let json {
            fields[.contentType] = "application/json"
            body = ByteBuffer(string: json)
        } else if let csv {
            fields[.contentType] = "text/csv"
            body = ByteBuffer(string: csv)
        }
        return try await client.execute(uri: uri, method: method, headers: fields, body: body)
    }

    /// A new signing key of `unit`, kept and registered as `cashless keys generate` does.
    @discardableResult
    func signingKey(unit: Int64, _ algorithm: SignatureAlgorithm = .ed25519) async throws -> SigningKey {
        let key = try SigningKey.generate(algorithm)
        try keys.save(key)
        _ = try await ledger.addSigningKey(
            unit: unit,
            kid: key.publicKey.kidHex,
            alg: key.algorithm.rawValue,
            publicKeyPem: key.publicKey.pem
        )
        return key
    }

    /// A school with its tax code, address and bank account, in a new commune, with a signing key
    /// (unless `signingKey` is false); its id.
    func school(_ name: String = "Trường Tiểu học Điện Biên", signingKey withKey: Bool = true) async throws -> Int64 {
        let commune = try await call(.post, "/v1/communes", json: #"{"name": "Phường Điện Biên", "province": "Thanh Hóa"}"#).json()
        let school = try await call(
            .post,
            "/v1/units",
            json: #"""
                {"kind": "school", "name": "\#(name)", "communeId": \#(commune.int("id")), "taxCode": "2801234567",
                 "address": "12 Lê Lợi, phường Điện Biên, Thanh Hóa", "bankBin": "970436", "bankAccount": "0011001234567",
                 "bankHolder": "TRUONG TIEU HOC DIEN BIEN"}
                """#
        ).json().int("id")
        if withKey { try await signingKey(unit: school) }
        return school
    }

    /// A commune with a market; their ids.
    func commune(_ name: String = "Phường Điện Biên") async throws -> (commune: Int64, market: Int64) {
        let commune = try await call(.post, "/v1/communes", json: #"{"name": "\#(name)", "province": "Thanh Hóa"}"#).json()
        let market = try await call(.post, "/v1/units", json: #"{"kind": "market", "name": "Chợ \#(name)", "communeId": \#(commune.int("id"))}"#)
            .json()
        return (commune.int("id"), market.int("id"))
    }
}

/// The databases the service is tested on: SQLite always, PostgreSQL when `CASHLESS_TEST_POSTGRES_URL`
/// names a server whose user may create databases (`scripts/with-postgres` starts one).
enum ServerDatabase: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqlite, postgres

    static var all: [ServerDatabase] {
        (ProcessInfo.processInfo.environment["CASHLESS_TEST_POSTGRES_URL"] ?? "").isEmpty ? [.sqlite] : [.sqlite, .postgres]
    }

    var testDescription: String { self == .sqlite ? "SQLite" : "PostgreSQL" }

    /// A new, empty database for the length of `body`: SQLite in memory, or a new PostgreSQL database dropped afterwards.
    func withURL(_ body: (DatabaseURL) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            try await body(.sqliteMemory)
        case .postgres:
            try await Self.withNewPostgresDatabase { url in try await body(try DatabaseURL(url)) }
        }
    }

    /// A new PostgreSQL database on the server of `CASHLESS_TEST_POSTGRES_URL`, as a
    /// `postgres://` URL, for the length of `body`; dropped afterwards.
    static func withNewPostgresDatabase(_ body: (String) async throws -> Void) async throws {
        let admin = ProcessInfo.processInfo.environment["CASHLESS_TEST_POSTGRES_URL"]!
        let name = "server_" + UUID().uuidString.lowercased().filter { $0 != "-" }
        try PSQL.run(admin, "CREATE DATABASE \(name)")
        defer { try? PSQL.run(admin, "DROP DATABASE \(name) WITH (FORCE)") }
        guard var components = URLComponents(string: admin) else { preconditionFailure("bad CASHLESS_TEST_POSTGRES_URL") }
        components.path = "/" + name
        // The tests share one server and run in parallel on a small machine: a request may wait
        // longer for a connection, and a statement for a lock, than a deployment's defaults (5
        // and 15 seconds).
        components.queryItems =
            (components.queryItems ?? []) + [URLQueryItem(name: "pool_wait", value: "60"), URLQueryItem(name: "statement_timeout", value: "120")]
        try await body(components.string!)
    }
}

/// PostgreSQL's own client, for creating and dropping test databases.
enum PSQL {
    static func run(_ url: String, _ statement: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-v", "ON_ERROR_STOP=1", "-q", "-d", url, "-c", statement]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
    }
}

extension TestResponse {
    /// The body as a JSON object.
    func json() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(buffer: body))
        guard let dictionary = object as? [String: Any] else { throw CocoaError(.propertyListReadCorrupt) }
        return dictionary
    }

    var text: String { String(buffer: body) }
}

extension Dictionary where Key == String, Value == Any {
    func int(_ key: String) -> Int64 { (self[key] as? NSNumber)?.int64Value ?? -1 }
    func string(_ key: String) -> String? { self[key] as? String }
    func objects(_ key: String) -> [[String: Any]] { self[key] as? [[String: Any]] ?? [] }
}

extension ServiceLimits {
    /// The limits of a deployment, but reports read anew at every request: a test reads what it
    /// just wrote (``ProvinceReportCacheTests`` tests the kept reports).
    static var fresh: ServiceLimits {
        var limits = ServiceLimits()
        limits.reportSeconds = 0
        return limits
    }
}
