import Hummingbird
import Ledger

/// Communes and their units (markets, schools, clinics): `/v1/communes`, `/v1/units`.
struct RegistryController {
    let services: AppServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("communes", use: createCommune)
        group.get("communes", use: listCommunes)
        group.get("communes/:id", use: commune)
        group.patch("communes/:id", use: updateCommune)
        group.post("units", use: createUnit)
        group.get("units", use: listUnits)
        group.get("units/:id", use: unit)
        group.patch("units/:id", use: updateUnit)
    }

    @Sendable func createCommune(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Commune> {
        try context.requireIdentity().requireAdmin()
        let new = try await request.json(NewCommune.self, context: context)
        return EditedResponse(status: .created, response: try await services.ledger.createCommune(new))
    }

    @Sendable func listCommunes(_ request: Request, context: AppRequestContext) async throws -> PageView<Commune> {
        let identity = try context.requireIdentity()
        switch identity.role {
        case .admin:
            return PageView(try await services.ledger.listCommunes(page: try request.pageRequest())) { $0 }
        case .commune:
            let own = try await services.ledger.commune(identity.scopeId ?? -1)
            return PageView(items: [own])
        case .unit:
            let unit = try await services.ledger.unit(identity.scopeId ?? -1)
            return PageView(items: [try await services.ledger.commune(unit.communeId)])
        case .province:
            let filter = CommuneFilter(province: nil, search: nil, provinceId: identity.scopeId ?? -1)
            return PageView(try await services.ledger.listCommunes(filter, page: try request.pageRequest())) { $0 }
        }
    }

    @Sendable func commune(_ request: Request, context: AppRequestContext) async throws -> Commune {
        let identity = try context.requireIdentity()
        let id = try request.id(context: context)
        guard identity.canRead(commune: id) else { throw APIProblem.notFound("commune \(id)") }
        return try await services.ledger.commune(id)
    }

    struct CommuneChange: Decodable {
        var name: String?
        var province: String?
    }

    /// Only an admin changes a commune, its province included: a province officer reads its
    /// communes but cannot move one into or out of its province.
    @Sendable func updateCommune(_ request: Request, context: AppRequestContext) async throws -> Commune {
        try context.requireIdentity().requireAdmin()
        let change = try await request.json(CommuneChange.self, context: context)
        return try await services.ledger.updateCommune(try request.id(context: context)) { commune in
            if let name = change.name { commune.name = name }
            if let province = change.province { commune.province = province }
        }
    }

    @Sendable func createUnit(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<CommuneUnit> {
        try context.requireIdentity().requireAdmin()
        var new = try await request.json(NewCommuneUnit.self, context: context)
        if let bank = new.bankBin { new.bankBin = try services.bankBIN(bank, field: "bankBin") }
        return EditedResponse(status: .created, response: try await services.ledger.createUnit(new))
    }

    @Sendable func listUnits(_ request: Request, context: AppRequestContext) async throws -> PageView<CommuneUnit> {
        let identity = try context.requireIdentity()
        let query = try request.query(UnitQuery.self)
        var filter = CommuneUnitFilter(search: query.search)
        filter.communeId = query.communeId?.value
        filter.kind = query.kind
        switch identity.role {
        case .admin: break
        case .commune:
            if let asked = filter.communeId, asked != identity.scopeId { return PageView(items: []) }
            filter.communeId = identity.scopeId
        case .province:
            if let asked = filter.communeId, !identity.provinceCommunes.contains(asked) { return PageView(items: []) }
            if filter.communeId == nil { filter.provinceId = identity.scopeId ?? -1 }
        case .unit:
            let own = try await services.ledger.unit(identity.scopeId ?? -1)
            let matches = (filter.communeId ?? own.communeId) == own.communeId && (filter.kind ?? own.kind) == own.kind
            return PageView(items: matches ? [own] : [])
        }
        return PageView(try await services.ledger.listUnits(filter, page: try request.pageRequest())) { $0 }
    }

    @Sendable func unit(_ request: Request, context: AppRequestContext) async throws -> CommuneUnit {
        try await services.unit(try request.id(context: context), for: try context.requireIdentity())
    }

    struct UnitChange: Decodable {
        var name: String?
        var address: String?
        var taxCode: String?
        var bankBin: String?
        var bankAccount: String?
        var bankHolder: String?
        var receiptFormCode: String?
        var wordsChan: Bool?
        var wordsNgan: Bool?
    }

    @Sendable func updateUnit(_ request: Request, context: AppRequestContext) async throws -> CommuneUnit {
        let identity = try context.requireIdentity()
        let id = try request.id(context: context)
        let unit = try await services.unit(id, for: identity)
        try identity.requireManage(unit)
        let change = try await request.json(UnitChange.self, context: context)
        let bin = try change.bankBin.map { try services.bankBIN($0, field: "bankBin") }
        return try await services.ledger.updateUnit(id, by: identity.author) { unit in
            if let name = change.name { unit.name = name }
            if let address = change.address { unit.address = address }
            if let taxCode = change.taxCode { unit.taxCode = taxCode }
            if let bin { unit.bankBin = bin }
            if let account = change.bankAccount { unit.bankAccount = account }
            if let holder = change.bankHolder { unit.bankHolder = holder }
            if let formCode = change.receiptFormCode { unit.receiptFormCode = formCode }
            if let chan = change.wordsChan { unit.wordsChan = chan }
            if let ngan = change.wordsNgan { unit.wordsNgan = ngan }
        }
    }
}
