import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import Printing
import Rules

/// Receipts: a unit issues them (sealed with its key, numbered without gaps), reads them back,
/// and mends a mistake by replacing or adjusting one. Nothing is ever deleted.
struct ReceiptController {
    let services: AppServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("units/:id/receipts", use: issue)
        group.get("units/:id/receipts", use: list)
        // Before `receipts/:id`, which would take "12.pdf" for an id.
        group.get("receipts/{id}.pdf", use: pdf)
        group.get("receipts/{id}.html", use: html)
        group.get("receipts/:id", use: receipt)
        group.post("receipts/:id/replace", use: replace)
        group.post("receipts/:id/adjust", use: adjust)
    }

    /// The body of a new receipt.
    struct ReceiptInput: Decodable {
        var payerName: String
        var payerReference: String?
        var payerAddress: String?
        var feeType: String
        var amount: JSONAmount
        var method: Receipt.Method
        var items: [Item]?
        var billId: Int64?

        struct Item: Decodable {
            var label: String
            var amount: JSONAmount
        }

        var receipt: NewReceipt {
            NewReceipt(
                payerName: payerName,
                payerReference: payerReference,
                payerAddress: payerAddress,
                feeType: feeType,
                amount: amount.value,
                method: method,
                items: items?.map { Receipt.Item(label: $0.label, amount: $0.amount.value) },
                billId: billId
            )
        }
    }

    @Sendable func issue(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let unit = try await services.unitScope(try request.id(context: context), for: identity)
        try identity.requireManage(unit)
        let input = try await request.json(ReceiptInput.self, context: context)
        let sealer = services.sealer
        let (receipt, created) = try await services.ledger.issueReceipt(
            input.receipt,
            unitId: unit.id,
            idempotency: try request.idempotency("issue receipt", input.receipt),
            by: identity.author,
            seal: { try sealer.seal($0) }
        )
        return try respond(receipt, created: created, request: request, context: context)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> PageView<ReceiptView> {
        let unit = try await services.unit(try request.id(context: context), for: try context.requireIdentity())
        return PageView(try await services.ledger.listReceipts(unit: unit.id, page: try request.pageRequest())) {
            ReceiptView($0, services: services)
        }
    }

    @Sendable func receipt(_ request: Request, context: AppRequestContext) async throws -> ReceiptView {
        ReceiptView(
            try await services.receipt(try request.id(context: context), for: try context.requireIdentity()).receipt,
            services: services
        )
    }

    /// The receipt to print: A5, or `?paper=58mm` for a thermal roll.
    @Sendable func pdf(_ request: Request, context: AppRequestContext) async throws -> Response {
        let paper: ReceiptPaper =
            switch request.uri.queryParameters.get("paper") {
            case nil, "a5", "A5": .a5
            case "58mm": .roll58mm
            case let other?: throw APIProblem.badRequest("bad paper", errors: [.init(field: "paper", reason: "is a5 or 58mm, not '\(other)'")])
            }
        let (receipt, unit) = try await services.receipt(try request.id(context: context), for: try context.requireIdentity())
        let document = try await services.document(of: receipt, unit: unit)
        return .file(try await services.work.run { try document.pdf(paper: paper) }, type: "application/pdf")
    }

    /// The receipt as a page to read, print or share, with its seal QR code and verify link.
    @Sendable func html(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (receipt, unit) = try await services.receipt(try request.id(context: context), for: try context.requireIdentity())
        return Pages.render("receipt", try ReceiptPage(try await services.document(of: receipt, unit: unit), id: receipt.id))
    }

    @Sendable func replace(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await supersede(.replace, request, context)
    }

    @Sendable func adjust(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await supersede(.adjust, request, context)
    }

    /// A new receipt in place of (or correcting) the receipt of the path, which is marked so.
    private func supersede(_ kind: Supersession, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (original, unit) = try await services.receipt(try request.id(context: context), for: identity)
        try identity.requireManage(unit)
        let input = try await request.json(ReceiptInput.self, context: context)
        let sealer = services.sealer
        let (receipt, created) = try await services.ledger.supersedeReceipt(
            original.id,
            kind,
            with: input.receipt,
            idempotency: try request.idempotency("\(kind.rawValue) receipt \(original.id)", input.receipt),
            by: identity.author,
            seal: { try sealer.seal($0) }
        )
        return try respond(receipt, created: created, request: request, context: context)
    }

    /// 201 with a new receipt; 200 with the receipt an earlier request of the same idempotency key issued.
    private func respond(_ receipt: Receipt, created: Bool, request: Request, context: AppRequestContext) throws -> Response {
        var response = try ReceiptView(receipt, services: services).response(from: request, context: context)
        response.status = created ? .created : .ok
        if !created { response.headers[.idempotentReplayed] = "true" }
        return response
    }
}

/// A receipt as the API shows it: every stored field, and the link that verifies it.
struct ReceiptView: ResponseEncodable, Sendable {
    var receipt: Receipt
    var verifyUrl: String

    init(_ receipt: Receipt, services: AppServices) {
        self.receipt = receipt
        verifyUrl = services.verifyURL(seal: receipt.seal)
    }

    private enum CodingKeys: String, CodingKey { case verifyUrl }

    func encode(to encoder: any Encoder) throws {
        try receipt.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(verifyUrl, forKey: .verifyUrl)
    }
}

extension Request {
    /// The request's `Idempotency-Key`, bound to `operation` and `input` (the body as decoded), if it has one.
    func idempotency(_ operation: String, _ input: some Encodable) throws -> IdempotencyClaim? {
        try headers[.idempotencyKey].map { try IdempotencyClaim(key: $0, operation: operation, input: input) }
    }
}

extension HTTPField.Name {
    /// The client's name for one request, so a retry of it does not repeat it: bound to the
    /// request's route, record and body (another request with the same key is refused).
    static let idempotencyKey = Self("Idempotency-Key")!
    /// Set on the answer to a request whose idempotency key was used before.
    static let idempotentReplayed = Self("Idempotent-Replayed")!
}

extension AppServices {
    /// The receipt `id` and its unit, if the caller may see the unit (404 otherwise).
    func receipt(_ id: Int64, for identity: Identity) async throws -> (receipt: Receipt, unit: CommuneUnit) {
        let receipt = try await ledger.receipt(id)
        do {
            return (receipt, try await unit(receipt.unitId, for: identity))
        } catch let problem as APIProblem where problem.status == .notFound {
            throw APIProblem.notFound("receipt \(id)")
        }
    }
}
