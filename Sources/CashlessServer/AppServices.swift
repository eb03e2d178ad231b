import Adoption
import Foundation
import Hummingbird
import Ledger
import Messaging
import Operations
import Rules
import VietQR

/// What the routes share: the ledger, the bank directory, the default criteria targets, the
/// keys receipts are sealed with, and the address payers verify receipts at.
public struct AppServices: Sendable {
    public var ledger: Ledger
    public var banks: BankDirectory
    public var targets: Targets
    public var sealer: ReceiptSealer
    /// The units' webhook secrets, sealed under the key beside `keys`.
    public var hookSecrets: HookSecrets
    /// QR PNGs drawn lately, by payload.
    let drawnCodes = DrawnCodes()
    /// `https://…` without a trailing slash: the verify link is `<publicURL>/verify?c=<seal>`.
    public var publicURL: String
    /// What this process takes from the network before it refuses.
    public var limits: ServiceLimits
    /// The threads password checks, photos and PDFs run on.
    public let work: ExpensiveWork
    /// How often each client address has called the public routes and signed in, lately.
    let rates: RateLimits
    /// The signed trust list, kept while its keys are unchanged (``TrustListCache``).
    let trustLists = TrustListCache()
    /// Province reports, kept a few seconds (``ProvinceReportCache``).
    let provinceReports: ProvinceReportCache
    /// How often the receipts that wait to be sealed are tried again (``ReceiptRetryService``);
    /// nil: only when asked (the inbox's button, the bank's retry of a notification).
    public var receiptRetryInterval: Duration? = .seconds(60)
    /// The mail server receipts are emailed through; nil: emails wait in the outbox, saying so.
    public var smtp: SMTPSettings?
    /// How deliveries are retried.
    public var deliveryPolicy = DeliveryPolicy.standard
    /// How often, at the latest, the outbox is looked at (``DeliveryService``; a commit that
    /// queues a delivery wakes it at once); nil: no deliveries are sent by this server.
    public var deliveryInterval: Duration? = .seconds(30)

    public init(ledger: Ledger, banks: BankDirectory, targets: Targets, keys: KeyStore, publicURL: String, limits: ServiceLimits = ServiceLimits()) {
        self.ledger = ledger
        self.banks = banks
        self.targets = targets
        self.sealer = ReceiptSealer(keys: keys)
        self.hookSecrets = HookSecrets(keys: keys)
        self.publicURL = publicURL
        self.limits = limits
        self.work = ExpensiveWork(limits)
        self.rates = RateLimits(limits)
        self.provinceReports = ProvinceReportCache(seconds: limits.reportSeconds)
    }

    /// The sender of the outbox's deliveries, with this server's settings.
    public var sender: DeliverySender {
        DeliverySender(ledger: ledger, banks: banks, smtp: smtp, publicURL: publicURL, secrets: hookSecrets, policy: deliveryPolicy)
    }

    /// The link a printed receipt gives for checking it: the verify page with its seal.
    func verifyURL(seal: String) -> String {
        VerifyLink.url(seal: seal, publicURL: publicURL)
    }

    /// The unit `id` if the caller may see it (404 otherwise: what a key may not see, it is not told exists).
    func unit(_ id: Int64, for identity: Identity) async throws -> CommuneUnit {
        let unit = try await ledger.unit(id)
        guard identity.canRead(unit) else { throw APIProblem.notFound("unit \(id)") }
        return unit
    }

    /// The market `id` if the caller may see it, and, with `manage`, change it (403 for a commune key).
    func market(_ id: Int64, for identity: Identity, manage: Bool = false) async throws -> CommuneUnit {
        let unit = try await ledger.unit(id)
        guard unit.kind == .market, identity.canRead(unit) else { throw APIProblem.notFound("market \(id)") }
        if manage { try identity.requireManage(unit) }
        return unit
    }

    /// The unit `id`'s scope if the caller may see it, under the rules of ``unit(_:for:)``: what a
    /// route needs that only checks access (the scope is kept by the ledger, so it costs no query).
    func unitScope(_ id: Int64, for identity: Identity) async throws -> UnitScope {
        let scope = try await ledger.unitScope(id)
        guard identity.canRead(scope) else { throw APIProblem.notFound("unit \(id)") }
        return scope
    }

    /// The stall `id` if the caller may see it (its market checked by scope only), as read in the
    /// last few seconds: for its code image (``Ledger/recentVendor(_:)``).
    func recentVendor(_ id: Int64, for identity: Identity) async throws -> Vendor {
        let vendor = try await ledger.recentVendor(id)
        let market = try await ledger.unitScope(vendor.marketId)
        guard market.kind == .market, identity.canRead(market) else { throw APIProblem.notFound("vendor \(id)") }
        return vendor
    }

    /// The stall `id` and its market, under the same rules as ``market(_:for:manage:)``.
    func vendor(_ id: Int64, for identity: Identity, manage: Bool = false) async throws -> (Vendor, CommuneUnit) {
        let vendor = try await ledger.vendor(id)
        let market: CommuneUnit
        do {
            market = try await self.market(vendor.marketId, for: identity, manage: manage)
        } catch let problem as APIProblem where problem.status == .notFound {
            throw APIProblem.notFound("vendor \(id)")
        }
        return (vendor, market)
    }

    /// A bank a request names by BIN or short name, as its BIN (``Rules/BankAccount/bank(_:in:)``).
    func bankBIN(_ written: String, field: String) throws(FieldProblem) -> String {
        do {
            return try BankAccount.bank(written, in: banks).bin
        } catch {
            throw FieldProblem(field: field, error)
        }
    }
}

/// The most bytes a route reads of a request's body.
enum BodyLimit: Int, CustomStringConvertible {
    /// A payment code or a receipt's seal to check: an EMV payload is at most 512 characters, a
    /// seal under 600; the public routes that take them read no more than this.
    case code = 4096
    /// A bank's notification of one transfer.
    case notification = 65536
    /// A page's form without files (signing in).
    case form = 32768
    /// A photo of a receipt for the verify page: a phone's camera picture.
    case photo = 5_242_880
    /// Uploads: CSV imports of 10,000 stalls.
    case upload = 8_388_608

    /// `4 KB`, `8 MB`.
    var description: String { rawValue >= 1 << 20 ? "\(rawValue >> 20) MB" : "\(rawValue >> 10) KB" }
}

extension Request {
    /// The body, at most `limit` bytes: 413 when its Content-Length says more, or once more arrives.
    func collect(_ limit: BodyLimit, context: AppRequestContext) async throws -> ByteBuffer {
        let tooLarge = APIProblem(.contentTooLarge, "the request body is larger than \(limit.description), the most this route takes")
        if let length = headers[.contentLength].flatMap(Int.init), length > limit.rawValue { throw tooLarge }
        do {
            return try await body.collect(upTo: limit.rawValue)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw tooLarge
        }
    }

    /// The JSON body as `type`, at most `limit` bytes (413 past it, refused from its Content-Length
    /// before any is read); a body that does not decode answers 400 naming the field and why.
    func json<Value: Decodable>(_ type: Value.Type, context: AppRequestContext, limit: BodyLimit = .upload) async throws -> Value {
        let body = try await collect(limit, context: context)
        do {
            return try context.requestDecoder.decode(type, from: Data(buffer: body))
        } catch let error as DecodingError {
            throw APIProblem.badRequest("the request body is not the JSON this route takes", errors: [error.fieldError])
        }
    }

    /// A `text/csv` body as UTF-8 text (415 for another type, 400 when it is not UTF-8).
    func csvText(context: AppRequestContext, what: String) async throws -> String {
        guard headers[.contentType]?.lowercased().hasPrefix("text/csv") ?? false else {
            throw APIProblem(.unsupportedMediaType, "send the \(what) as text/csv")
        }
        let body = try await collect(.upload, context: context)
        guard let text = String(validating: body.readableBytesView, as: UTF8.self) else {
            throw APIProblem.badRequest("the CSV is not UTF-8 text; save it from the spreadsheet as CSV UTF-8")
        }
        return text
    }

    /// A whole-number path parameter, 400 when it is not one.
    func id(_ name: String = "id", context: AppRequestContext) throws -> Int64 {
        guard let id = context.parameters.get(name, as: Int64.self) else {
            throw APIProblem.badRequest(
                "'\(context.parameters.get(name) ?? "")' is not an id",
                errors: [.init(field: name, reason: "must be a whole number")]
            )
        }
        return id
    }

    /// The paging of a list: `limit` (1–500, default 50) and `after` (the `nextCursor` of the previous page).
    func pageRequest() throws -> PageRequest {
        let query = try self.query(PageQuery.self)
        let limit = query.limit?.value ?? 50
        guard (1...500).contains(limit) else {
            throw APIProblem.badRequest("bad paging", errors: [.init(field: "limit", reason: "must be a whole number from 1 to 500")])
        }
        return PageRequest(limit: limit, after: query.after?.value)
    }
}
