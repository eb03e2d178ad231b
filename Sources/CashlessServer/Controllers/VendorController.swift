import Foundation
import Hummingbird
import Ledger
import Operations
import Roster
import Rules
import VietQR

/// A market's stalls: register, list, change, close, import from the survey CSV, register from
/// the QR code a stall already displays.
struct VendorController {
    let services: AppServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("markets/:id/vendors", use: create)
        group.get("markets/:id/vendors", use: list)
        group.post("markets/:id/vendors/import", use: importCSV)
        group.post("markets/:id/vendors/from-qr", use: fromQR)
        group.get("vendors/:id", use: vendor)
        group.patch("vendors/:id", use: update)
        group.post("vendors/:id/status", use: setStatus)
        group.post("vendors/:id/close", use: close)
        group.get("vendors/:id/history", use: history)
    }

    /// The body of `POST /v1/markets/{id}/vendors`: `bank` is a BIN or a short name.
    struct VendorInput: Decodable {
        var stall: String
        var name: String
        var phone: String?
        var bank: String?
        var account: String?
        var holder: String?
        var status: EquipmentStatus?
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<VendorView> {
        let identity = try context.requireIdentity()
        let market = try await services.market(try request.id(context: context), for: identity, manage: true)
        let input = try await request.json(VendorInput.self, context: context)
        let new = try services.newVendor(
            stall: input.stall,
            name: input.name,
            phone: input.phone,
            bank: input.bank,
            account: input.account,
            holder: input.holder,
            status: input.status
        )
        let vendor = try await services.ledger.createVendor(new, in: market.id, by: identity.author)
        return EditedResponse(status: .created, response: VendorView(vendor))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> PageView<VendorView> {
        let market = try await services.market(try request.id(context: context), for: try context.requireIdentity())
        let query = try request.query(VendorQuery.self)
        var filter = VendorFilter(search: query.search)
        filter.status = query.status
        filter.closed = (query.closed ?? .false).value
        let page = try await services.ledger.listVendors(in: market.id, filter, page: try request.pageRequest())
        return PageView(page, VendorView.init)
    }

    @Sendable func vendor(_ request: Request, context: AppRequestContext) async throws -> VendorView {
        VendorView(try await services.vendor(try request.id(context: context), for: try context.requireIdentity()).0)
    }

    /// The body of `PATCH /v1/vendors/{id}`: only the fields given change.
    struct VendorChange: Decodable {
        var stall: String?
        var name: String?
        var phone: String?
        var bank: String?
        var account: String?
        var holder: String?
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> VendorView {
        let identity = try context.requireIdentity()
        let (vendor, _) = try await services.vendor(try request.id(context: context), for: identity, manage: true)
        let change = try await request.json(VendorChange.self, context: context)
        let bin = try change.bank.map { try services.bankBIN($0, field: "bank") }
        return VendorView(
            try await services.ledger.updateVendor(vendor.id, by: identity.author) { vendor in
                if let stall = change.stall { vendor.stall = stall }
                if let name = change.name { vendor.name = name }
                if let phone = change.phone { vendor.phone = phone }
                if let bin { vendor.bankBin = bin }
                if let account = change.account { vendor.account = account }
                if let holder = change.holder { vendor.holder = holder }
            }
        )
    }

    struct StatusInput: Decodable { var status: EquipmentStatus }

    @Sendable func setStatus(_ request: Request, context: AppRequestContext) async throws -> VendorView {
        let identity = try context.requireIdentity()
        let (vendor, _) = try await services.vendor(try request.id(context: context), for: identity, manage: true)
        let input = try await request.json(StatusInput.self, context: context)
        return VendorView(try await services.ledger.setStatus(of: vendor.id, to: input.status, by: identity.author))
    }

    @Sendable func close(_ request: Request, context: AppRequestContext) async throws -> VendorView {
        let identity = try context.requireIdentity()
        let (vendor, _) = try await services.vendor(try request.id(context: context), for: identity, manage: true)
        return VendorView(try await services.ledger.closeVendor(vendor.id, by: identity.author))
    }

    @Sendable func history(_ request: Request, context: AppRequestContext) async throws -> PageView<StatusChange> {
        let (vendor, _) = try await services.vendor(try request.id(context: context), for: try context.requireIdentity())
        return PageView(items: try await services.ledger.statusHistory(of: vendor.id))
    }

    /// `text/csv`, the survey spreadsheet: all or nothing; `?dryRun=true` only reports.
    @Sendable func importCSV(_ request: Request, context: AppRequestContext) async throws -> ImportSummary {
        let identity = try context.requireIdentity()
        let market = try await services.market(try request.id(context: context), for: identity, manage: true)
        let text = try await request.csvText(context: context, what: "stall list")
        let entries = try services.stallEntries(csv: text)
        let dryRun = try request.query(BillQuery.self).dryRun?.value ?? false
        return try await services.ledger.importStalls(entries, into: market.id, by: identity.author, dryRun: dryRun)
    }

    /// The body of `POST /v1/markets/{id}/vendors/from-qr`.
    struct FromQRInput: Decodable {
        var stall: String
        var payload: String
        /// The stall holder's name; by default the name the code carries (tag 64, else 59).
        var name: String?
        /// The account holder's name; by default the name in capitals without diacritics.
        var holder: String?
        var phone: String?
    }

    @Sendable func fromQR(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<VendorView> {
        let identity = try context.requireIdentity()
        let market = try await services.market(try request.id(context: context), for: identity, manage: true)
        let input = try await request.json(FromQRInput.self, context: context)
        let new = try services.stall(input.stall, fromQR: input.payload, name: input.name, holder: input.holder, phone: input.phone)
        let vendor = try await services.ledger.createVendor(new, in: market.id, by: identity.author)
        return EditedResponse(status: .created, response: VendorView(vendor))
    }
}

extension AppServices {
    /// A stall to register from what a door received (``Stalls/new(stall:name:phone:bank:account:holder:status:banks:)``).
    func newVendor(
        stall: String,
        name: String,
        phone: String?,
        bank: String?,
        account: String?,
        holder: String?,
        status: EquipmentStatus? = nil
    ) throws(FieldProblem) -> NewVendor {
        try Stalls.new(stall: stall, name: name, phone: phone, bank: bank, account: account, holder: holder, status: status, banks: banks)
    }

    /// The stalls of a survey CSV, or every bad row's line, column and reason.
    func stallEntries(csv text: String) throws(InvalidFields) -> [StallEntry] {
        try StallList.read(text, banks: banks)
    }

    /// A stall registered from the VietQR `payload` it already displays (``Stalls/fromQR(_:payload:name:holder:phone:banks:)``).
    func stall(_ stall: String, fromQR payload: String, name: String?, holder: String?, phone: String?) throws(InvalidFields) -> NewVendor {
        try Stalls.fromQR(stall, payload: payload, name: name, holder: holder, phone: phone, banks: banks)
    }
}
