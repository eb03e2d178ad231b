import Hummingbird
import Ledger
import Operations
import Printing
import QRCode
import Roster
import Rules
import VietQR

/// Images and print files: a stall's QR code and placard, a market's sheet, and the public quick
/// link that draws a VietQR from query parameters (like VietQR.io's).
struct ImageController {
    let services: AppServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("vendors/:id/qr.png", use: vendorPNG)
        group.get("vendors/:id/qr.svg", use: vendorSVG)
        group.get("vendors/:id/placard.pdf", use: vendorPlacard)
        group.get("markets/:id/sheet.pdf", use: marketSheet)
        group.get("qr.png", use: quickPNG)
        group.get("qr.svg", use: quickSVG)
    }

    @Sendable func vendorPNG(_ request: Request, context: AppRequestContext) async throws -> Response {
        .file(try services.drawnCodes.png(try await placard(request, context).payload), type: "image/png")
    }

    @Sendable func vendorSVG(_ request: Request, context: AppRequestContext) async throws -> Response {
        .file(Array(try QRMatrix(encoding: try await placard(request, context).payload).svg().utf8), type: "image/svg+xml")
    }

    @Sendable func vendorPlacard(_ request: Request, context: AppRequestContext) async throws -> Response {
        let size = try PlacardSize(query: request.uri.queryParameters.get("size"))
        let placard = try await placard(request, context)
        return .file(try await services.work.run { try placard.pdf(size: size) }, type: "application/pdf")
    }

    @Sendable func marketSheet(_ request: Request, context: AppRequestContext) async throws -> Response {
        let market = try await services.market(try request.id(context: context), for: try context.requireIdentity())
        let perPage =
            try request.uri.queryParameters.get("perPage").map { text in
                guard let count = Int(text), let perPage = MarketSheet.PlacardsPerPage(rawValue: count) else {
                    throw APIProblem.badRequest("bad layout", errors: [.init(field: "perPage", reason: "is 1, 2, 4 or 8")])
                }
                return perPage
            } ?? .four
        return .file(
            try await Printouts.marketSheet(market, perPage: perPage, ledger: services.ledger, banks: services.banks, work: services.work),
            type: "application/pdf"
        )
    }

    @Sendable func quickPNG(_ request: Request, context: AppRequestContext) async throws -> Response {
        .file(try services.drawnCodes.png(try quickPayload(request)), type: "image/png")
    }

    @Sendable func quickSVG(_ request: Request, context: AppRequestContext) async throws -> Response {
        .file(Array(try QRMatrix(encoding: try quickPayload(request)).svg().utf8), type: "image/svg+xml")
    }

    /// `?bank=…&account=…&amount=…&purpose=…` (and `name`, `bill`) as a payload; every bad parameter named.
    private func quickPayload(_ request: Request) throws -> String {
        let query = request.uri.queryParameters
        var errors: [APIProblem.FieldError] = []
        let bank = query.get("bank")
        let account = query.get("account")
        if bank == nil { errors.append(.init(field: "bank", reason: "is required (a BIN or a short name)")) }
        if account == nil { errors.append(.init(field: "account", reason: "is required")) }
        var bin = bank ?? ""
        if let bank {
            do { bin = try services.bankBIN(bank, field: "bank") } catch { errors.append(.init(error)) }
        }
        var amount: UInt64?
        if let text = query.get("amount") {
            do { amount = try Amount.parse(text, field: "amount") } catch { errors.append(.init(error)) }
        }
        let payload = Payload(
            bankBIN: bin,
            account: account ?? "",
            amount: amount,
            merchantName: query.get("name"),
            billNumber: query.get("bill"),
            purpose: query.get("purpose")
        )
        if errors.isEmpty {
            do { return try payload.encoded() } catch {
                errors += error.problems.map { .init(field: Self.parameter(for: $0.tag), reason: $0.message) }
            }
        }
        throw APIProblem.badRequest("the code cannot be made from these parameters", errors: errors)
    }

    private static func parameter(for tag: String?) -> String {
        switch tag.flatMap(Payload.Field.init(tag:)) {
        case .bankBIN?: "bank"
        case .account?: "account"
        case .amount?: "amount"
        case .merchantName?, .alternateName?: "name"
        case .billNumber?: "bill"
        case .purpose?: "purpose"
        default: tag ?? "payload"
        }
    }

    private func placard(_ request: Request, _ context: AppRequestContext) async throws -> Placard {
        let vendor = try await services.recentVendor(try request.id(context: context), for: try context.requireIdentity())
        guard let placard = try Printouts.placard(for: vendor, banks: services.banks) else {
            throw APIProblem.conflict("stall \(vendor.stall) has no bank account yet: its code cannot be drawn")
        }
        return placard
    }
}

extension Response {
    /// A file in the body, with its media type.
    static func file(_ bytes: [UInt8], type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

extension PlacardSize {
    init(query: String?) throws {
        guard let query else {
            self = .a6
            return
        }
        guard let size = PlacardSize(rawValue: query) else {
            throw APIProblem.badRequest("bad size", errors: [.init(field: "size", reason: "is a6 or a5")])
        }
        self = size
    }
}
