import Billing
import Foundation
import Hummingbird
import Ledger
import Operations
import Printing
import QRCode
import Rules
import VietQR
import VietnamCalendar

/// Fee bills of schools and clinics: one at a time or a class list at once, each with a dynamic
/// VietQR code whose transfer content carries the bill's short code; their QR images and slips.
struct BillController {
    let services: AppServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("units/:id/bills", use: create)
        group.post("units/:id/bills/import", use: importCSV)
        group.get("units/:id/bills", use: list)
        group.get("units/:id/bills.pdf", use: slips)
        group.get("bills/:id", use: bill)
        group.get("bills/:id/qr.png", use: png)
        group.post("bills/:id/cancel", use: cancel)
        group.post("bills/:id/link/renew", use: renewLink)
        group.post("bills/:id/link/revoke", use: revokeLink)
    }

    struct BillInput: Decodable {
        var payerName: String
        var payerReference: String?
        var feeType: String
        var amount: JSONAmount
        /// `2026-09-30` or `30/09/2026`.
        var dueDate: String?
        /// Where the receipt is sent once the bill is paid.
        var payerEmail: String?
        var payerPhone: String?
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<BillView> {
        let (unit, identity) = try await managedUnit(request, context)
        let input = try await request.json(BillInput.self, context: context)
        let new = NewBill(
            payerName: input.payerName,
            payerReference: input.payerReference,
            feeType: input.feeType,
            amount: input.amount.value,
            dueDate: try input.dueDate.map { text throws(FieldProblem) in
                try BillDate.iso(text, field: "dueDate")
            },
            payerEmail: input.payerEmail,
            payerPhone: input.payerPhone
        )
        let bills = try await Bills.create([new], unit: unit.id, by: identity.author, ledger: services.ledger)
        return EditedResponse(status: .created, response: view(bills[0]))
    }

    struct ImportSummary: ResponseEncodable {
        var dryRun: Bool
        /// Bills the list holds.
        var bills: Int
        /// Bills created (none on a dry run).
        var created: [BillView]
    }

    /// `text/csv`, a class list: all or nothing, every bad row reported; `?dryRun=true` only checks.
    @Sendable func importCSV(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<ImportSummary> {
        let (unit, identity) = try await managedUnit(request, context)
        let text = try await request.csvText(context: context, what: "class list")
        let entries = try services.billEntries(csv: text)
        guard unit.bankBin != nil, unit.bankAccount != nil else { throw BillingError.noAccount(unitId: unit.id, unitName: unit.name) }
        if try request.query(BillQuery.self).dryRun?.value ?? false {
            return EditedResponse(status: .ok, response: ImportSummary(dryRun: true, bills: entries.count, created: []))
        }
        let bills = try await Bills.create(entries, unit: unit.id, by: identity.author, ledger: services.ledger)
        return EditedResponse(status: .created, response: ImportSummary(dryRun: false, bills: bills.count, created: bills.map(view)))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> PageView<BillView> {
        let unit = try await services.unit(try request.id(context: context), for: try context.requireIdentity())
        return PageView(
            try await services.ledger.listBills(
                unit: unit.id,
                status: try request.query(BillQuery.self).billStatus(otherwise: nil),
                page: try request.pageRequest()
            ),
            view
        )
    }

    @Sendable func bill(_ request: Request, context: AppRequestContext) async throws -> BillView {
        view(try await services.bill(try request.id(context: context), for: try context.requireIdentity()).bill)
    }

    struct CancelInput: Decodable {
        /// Why the bill was issued by mistake: kept with it.
        var reason: String
    }

    /// Cancels a bill issued by mistake (open and nothing received yet), with a reason.
    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> BillView {
        let (bill, identity) = try await managedBill(request, context)
        let input = try await request.json(CancelInput.self, context: context)
        return view(try await services.ledger.cancelBill(bill.id, unit: bill.unitId, reason: input.reason, by: identity.author))
    }

    /// A new payer's link for the bill; the old one leads to the same page a wrong link does.
    @Sendable func renewLink(_ request: Request, context: AppRequestContext) async throws -> BillView {
        let (bill, _) = try await managedBill(request, context)
        return view(try await services.ledger.changePayLink(bill.id, unit: bill.unitId, renew: true))
    }

    /// No payer's link for the bill until it is renewed.
    @Sendable func revokeLink(_ request: Request, context: AppRequestContext) async throws -> BillView {
        let (bill, _) = try await managedBill(request, context)
        return view(try await services.ledger.changePayLink(bill.id, unit: bill.unitId, renew: false))
    }

    private func view(_ bill: Bill) -> BillView {
        BillView(bill, publicURL: services.publicURL)
    }

    private func managedBill(_ request: Request, _ context: AppRequestContext) async throws -> (Bill, Identity) {
        let identity = try context.requireIdentity()
        let (bill, unit) = try await services.bill(try request.id(context: context), for: identity)
        try identity.requireManage(unit)
        return (bill, identity)
    }

    @Sendable func png(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (bill, _) = try await services.bill(try request.id(context: context), for: try context.requireIdentity())
        return .file(try QRMatrix(encoding: bill.payload).png(), type: "image/png")
    }

    /// The bill slips to hand out, four to an A4 page: the open bills by default, `?status=paid|any`.
    @Sendable func slips(_ request: Request, context: AppRequestContext) async throws -> Response {
        let unit = try await services.unit(try request.id(context: context), for: try context.requireIdentity())
        let status = try request.query(BillQuery.self).billStatus(otherwise: .open)
        return .file(
            try await Printouts.billSlips(
                unit,
                status: status,
                publicURL: services.publicURL,
                ledger: services.ledger,
                banks: services.banks,
                work: services.work
            ),
            type: "application/pdf"
        )
    }

    private func managedUnit(_ request: Request, _ context: AppRequestContext) async throws -> (CommuneUnit, Identity) {
        let identity = try context.requireIdentity()
        let unit = try await services.unit(try request.id(context: context), for: identity)
        try identity.requireManage(unit)
        return (unit, identity)
    }
}

/// A bill as the API shows it, with the address of its QR image and its payer's link.
struct BillView: ResponseEncodable, Sendable {
    var bill: Bill
    var qrUrl: String
    /// The page the payer opens (`<publicURL>/p/<token>`); null while the link is revoked.
    var payUrl: String?

    init(_ bill: Bill, publicURL: String) {
        self.bill = bill
        qrUrl = "/v1/bills/\(bill.id)/qr.png"
        payUrl = bill.payToken.map { PayerLink.url($0, publicURL: publicURL) }
    }

    private enum CodingKeys: String, CodingKey { case qrUrl, payUrl }

    func encode(to encoder: any Encoder) throws {
        try bill.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(qrUrl, forKey: .qrUrl)
        try container.encode(payUrl, forKey: .payUrl)
    }
}

extension AppServices {
    /// The bills of a class list CSV, or 422 naming every bad row's line, column and reason.
    func billEntries(csv text: String) throws(InvalidFields) -> [BillEntry] {
        try BillList.read(text)
    }

    /// The bill `id` and its unit, if the caller may see the unit (404 otherwise).
    func bill(_ id: Int64, for identity: Identity) async throws -> (bill: Bill, unit: CommuneUnit) {
        let bill = try await ledger.bill(id)
        do {
            return (bill, try await unit(bill.unitId, for: identity))
        } catch let problem as APIProblem where problem.status == .notFound {
            throw APIProblem.notFound("bill \(id)")
        }
    }
}
