import Hummingbird
import Logging
import Operations
import Prometheus

/// The HTTP service: every route and its middleware on `settings`' address, the ledger run
/// beside it. Before it listens, the ledger's schema is brought up to date, webhook secrets still
/// in plain text are sealed, and `onReady` runs (the command prints the address and, on a first
/// start, an admin key).
public func buildApplication(
    settings: Settings,
    services: AppServices,
    registry: PrometheusCollectorRegistry,
    logger: Logger,
    onReady: @escaping @Sendable () async throws -> Void = {}
) -> some ApplicationProtocol {
    var app = Application(
        router: buildRouter(services: services, registry: registry),
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "cashless"),
        services: [services.ledger],
        logger: logger
    )
    app.beforeServerStarts {
        try await services.ledger.migrate()
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
    PublicController(services: services, registry: registry).addRoutes(to: router)
    VerifyController(services: services).addRoutes(to: router)
    AssetController().addRoutes(to: router)
    PaymentController(services: services).addPublicRoutes(to: router)
    let pages = router.group().add(middleware: SessionMiddleware(ledger: services.ledger))
    SignInController(services: services).addRoutes(to: pages)
    let work = pages.group().add(middleware: AntiForgeryMiddleware())
    MarketBoardController(services: services).addRoutes(to: work)
    CommunePageController(services: services).addRoutes(to: work)
    BursarController(services: services).addRoutes(to: work)
    let v1 = router.group("v1").add(middleware: BearerAuthMiddleware(ledger: services.ledger))
    RegistryController(services: services).addRoutes(to: v1)
    VendorController(services: services).addRoutes(to: v1)
    ImageController(services: services).addRoutes(to: v1)
    ReportController(services: services).addRoutes(to: v1)
    KeyController(services: services).addRoutes(to: v1)
    ReceiptController(services: services).addRoutes(to: v1)
    BillController(services: services).addRoutes(to: v1)
    PaymentController(services: services).addRoutes(to: v1)
    UserController(services: services).addRoutes(to: v1)
    BankChangeController(services: services).addRoutes(to: v1)
    return router
}
