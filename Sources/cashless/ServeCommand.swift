import ArgumentParser
import CashlessServer
import Foundation
import Ledger
import Logging
import Metrics
import Operations
import Prometheus

/// `cashless serve`: the HTTP service for market boards and communes.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP service (settings from Config/server.json and CASHLESS_* variables).",
        discussion: """
            CASHLESS_DATABASE_URL (sqlite:<path> or postgres://user:pass@host:port/db), CASHLESS_HOST, \
            CASHLESS_PORT, CASHLESS_DATA_DIR, CASHLESS_PUBLIC_URL and CASHLESS_SMTP_URL \
            (smtp://user:password@host:587?from=thu@truong.edu.vn: receipts emailed to payers) override Config/server.json. On the first start an \
            admin key is created and printed once.
            """
    )

    @OptionGroup var options: ServiceOptions

    func run() async throws {
        let settings = try options.settings()
        let url = try options.databaseURL(settings)
        var logger = Logger(label: "cashless")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let ledger = try await Ledger.open(url, logger: logger)
        var services = AppServices(
            ledger: ledger,
            banks: try options.banks.load(),
            targets: try options.targets(),
            keys: KeyStore(dataDirectory: settings.dataDirectory),
            publicURL: settings.resolvedPublicURL,
            limits: settings.limits
        )
        services.smtp = try settings.smtp
        let app = buildApplication(settings: settings, services: services, registry: registry, logger: logger) {
            say("Cashless is running at http://\(settings.host):\(settings.port)  (database: \(url))")
            let admins = try await ledger.listKeys(APIKeyFilter(role: .admin), page: PageRequest(limit: 1))
            if admins.items.isEmpty {
                let key = try await ledger.createKey(role: .admin, scopeId: nil)
                say(
                    """
                    First start: an admin key was created. It is shown only now; keep it safe.
                      Authorization: Bearer \(key.secret)
                    Try:  curl -H 'Authorization: Bearer \(key.secret)' http://\(settings.host):\(settings.port)/v1/communes
                    """
                )
            } else {
                say("Sign in with an admin key (`cashless admin create-key --role admin` makes another).")
            }
        }
        try await app.runService()
    }
}

/// Writes a line to standard output at once (a pipe would otherwise hold it until the server stops).
private func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
