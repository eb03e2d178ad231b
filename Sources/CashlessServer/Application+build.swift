import Hummingbird
import HummingbirdCore
import Ledger
import Logging
import Operations
import Prometheus

/// The HTTP service: every route and its middleware on `settings`' address, the ledger run
/// beside it, the retry of receipts that wait to be sealed, and the sender of receipts to payers. Each connection has
/// `services.limits`' idle and read timeouts, and at most `maxConnections` are held at once.
/// Before it listens, the ledger's schema is brought up to date, webhook secrets still in plain
/// text are sealed, and `onReady` runs (the command prints the address and, on a first start, an
/// admin key).
public func buildApplication(
    settings: Settings,
    services: AppServices,
    registry: PrometheusCollectorRegistry,
    logger: Logger,
    onReady: @escaping @Sendable () async throws -> Void = {}
) -> some ApplicationProtocol {
    let limits = services.limits
    var app = Application(
        router: buildRouter(services: services, registry: registry),
        server: .http1(
            configuration: .init(
                additionalChannelHandlers: [RequestDeadlineHandler(seconds: limits.readTimeout)],
                idleTimeout: .seconds(Int64(limits.idleTimeout))
            )
        ),
        configuration: .init(
            address: .hostname(settings.host, port: settings.port),
            serverName: "cashless",
            availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections)
        ),
        services: [services.ledger]
            + (services.receiptRetryInterval.map { [ReceiptRetryService(services: services, interval: $0, logger: logger)] } ?? [])
            + (services.deliveryInterval.map { [DeliveryService(sender: services.sender, interval: $0, logger: logger)] } ?? []),
        logger: logger
    )
    app.beforeServerStarts {
        // A server started before its database is ready (PostgreSQL still starting) waits for it,
        // a few minutes at most, saying so.
        let patience = ContinuousClock.now + .seconds(180)
        while true {
            do {
                try await services.ledger.migrate()
                break
            } catch LedgerError.unavailable(let reason) where ContinuousClock.now < patience {
                logger.warning("waiting for the database", metadata: ["reason": "\(reason)"])
                try await Task.sleep(for: .seconds(2))
            }
        }
        // The root key is made (or read, and checked against the ledger's) before any request:
        // never lazily by the first public request.
        try await services.sealer.establishRoot(ledger: services.ledger)
        // Webhook secrets stored in plain text before they were sealed are sealed now; a server
        // without the key the stored ones were sealed under does not start.
        let sealed = try await services.hookSecrets.sealPlainSecrets(ledger: services.ledger)
        if sealed > 0 { logger.notice("webhook secrets stored in plain text were sealed", metadata: ["units": "\(sealed)"]) }
        try await onReady()
    }
    return app
}

/// The router: public routes first, then `/v1` with API keys.
public func buildRouter(services: AppServices, registry: PrometheusCollectorRegistry) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: RateLimitMiddleware(rates: services.rates, behindProxy: services.limits.behindProxy))
    PublicController(services: services, registry: registry).addRoutes(to: router)
    VerifyController(services: services).addRoutes(to: router)
    AssetController().addRoutes(to: router)
    PayerPageController(services: services).addRoutes(to: router)
    PaymentController(services: services).addPublicRoutes(to: router)
    let pages = router.group().add(middleware: SessionMiddleware(ledger: services.ledger))
    SignInController(services: services).addRoutes(to: pages)
    let work = pages.group().add(middleware: AntiForgeryMiddleware())
    MarketBoardController(services: services).addRoutes(to: work)
    CommunePageController(services: services).addRoutes(to: work)
    ProvincePageController(services: services).addRoutes(to: work)
    BursarController(services: services).addRoutes(to: work)
    BillPageController(services: services).addRoutes(to: work)
    let v1 = router.group("v1").add(middleware: BearerAuthMiddleware(ledger: services.ledger))
    RegistryController(services: services).addRoutes(to: v1)
    ProvinceController(services: services).addRoutes(to: v1)
    VendorController(services: services).addRoutes(to: v1)
    ImageController(services: services).addRoutes(to: v1)
    ReportController(services: services).addRoutes(to: v1)
    KeyController(services: services).addRoutes(to: v1)
    SigningKeyController(services: services).addRoutes(to: v1)
    ReceiptController(services: services).addRoutes(to: v1)
    BillController(services: services).addRoutes(to: v1)
    DeliveryController(services: services).addRoutes(to: v1)
    PaymentController(services: services).addRoutes(to: v1)
    UserController(services: services).addRoutes(to: v1)
    BankChangeController(services: services).addRoutes(to: v1)
    return router
}
