import Hummingbird
import Ledger

/// API keys: admins create, list and revoke them. A key's text is shown once, when it is created.
struct KeyController {
    let services: AppServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("keys", use: create)
        group.get("keys", use: list)
        group.post("keys/:id/revoke", use: revoke)
    }

    struct KeyInput: Decodable {
        var role: APIKey.Role
        var scopeId: Int64?
    }

    struct IssuedKeyView: ResponseEncodable {
        var id: Int64
        var role: APIKey.Role
        var scopeId: Int64?
        /// The key text, for `Authorization: Bearer <key>`; it is not stored and not shown again.
        var key: String
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<IssuedKeyView> {
        try context.requireIdentity().requireAdmin()
        let input = try await request.json(KeyInput.self, context: context)
        let issued = try await services.ledger.createKey(role: input.role, scopeId: input.scopeId)
        return EditedResponse(
            status: .created,
            response: IssuedKeyView(
                id: issued.key.id,
                role: issued.key.role,
                scopeId: issued.key.scopeId,
                key: issued.secret
            )
        )
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> PageView<APIKey> {
        try context.requireIdentity().requireAdmin()
        let revoked = (try request.query(KeyQuery.self).revoked ?? .false).value
        return PageView(try await services.ledger.listKeys(APIKeyFilter(revoked: revoked), page: try request.pageRequest())) { $0 }
    }

    @Sendable func revoke(_ request: Request, context: AppRequestContext) async throws -> APIKey {
        try context.requireIdentity().requireAdmin()
        return try await services.ledger.revokeKey(try request.id(context: context))
    }
}
