import Hummingbird
import Ledger

/// The history of bank account changes of a commune's units and stalls: who changed which
/// account, when, from what to what. Read by the commune and admins.
struct BankChangeController {
    let services: AppServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("communes/:id/bank-changes", use: list)
    }

    /// `?unitId=` keeps one unit's (for a market, its stalls' too); oldest first.
    struct ChangeQuery: Decodable {
        var unitId: Parsed<Int64>?
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> PageView<BankAccountChange> {
        let identity = try context.requireIdentity()
        let id = try request.id(context: context)
        guard identity.canRead(commune: id) else { throw APIProblem.notFound("commune \(id)") }
        let filter = BankAccountChangeFilter(unitId: try request.query(ChangeQuery.self).unitId?.value)
        return PageView(try await services.ledger.bankAccountChanges(commune: id, filter, page: try request.pageRequest())) { $0 }
    }
}

extension BankAccountChange: ResponseEncodable {}
