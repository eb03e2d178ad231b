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
    }

    struct BillInput: Decodable {
        var payerName: String
        var payerReference: String?
        var feeType: String
        var amount: JSONAmount
        /// `2026-09-30` or `30/09/2026`.
        var dueDate: String?
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
            }
        )
        let bills = try await Bills.create([new], unit: unit.id, by: identity.author, ledger: services.ledger)
        return EditedResponse(status: .created, response: BillView(bills[0]))
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
        return EditedResponse(status: .created, response: ImportSummary(dryRun: false, bills: bills.count, created: bills.map(BillView.init)))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> PageView<BillView> {
        let unit = try await services.unit(try request.id(context: context), for: try context.requireIdentity())
        return PageView(
            try await services.ledger.listBills(
                unit: unit.id,
                status: try request.query(BillQuery.self).billStatus(otherwise: nil),
                page: try request.pageRequest()
            ),
            BillView.init
        )
    }

    @Sendable func bill(_ request: Request, context: AppRequestContext) async throws -> BillView {
        BillView(try await services.bill(try request.id(context: context), for: try context.requireIdentity()).bill)
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
            try await Printouts.billSlips(unit, status: status, ledger: services.ledger, banks: services.banks, work: services.work),
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

/// A bill as the API shows it, with the address of its QR image.
struct BillView: ResponseEncodable, Sendable {
    var bill: Bill
    var qrUrl: String

    init(_ bill: Bill) {
        self.bill = bill
        qrUrl = "/v1/bills/\(bill.id)/qr.png"
    }

    private enum CodingKeys: String, CodingKey { case qrUrl }

    func encode(to encoder: any Encoder) throws {
        try bill.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(qrUrl, forKey: .qrUrl)
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
