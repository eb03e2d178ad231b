import Accounts
import Hummingbird
import Ledger

/// People who sign in to the pages: admins create them with a role and scope, as API keys have.
struct UserController {
    let services: AppServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("users", use: create)
        group.get("users", use: list)
    }

    struct UserInput: Decodable {
        var username: String
        var displayName: String
        var role: APIKey.Role
        var scopeId: Int64?
        /// At least 10 characters; stored only as its PBKDF2 hash.
        var password: String
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<User> {
        try context.requireIdentity().requireAdmin()
        let input = try await request.json(UserInput.self, context: context)
        guard input.password.count >= 10 else {
            throw APIProblem.unprocessable(
                "the password is too short",
                errors: [.init(field: "password", reason: "must have at least 10 characters")]
            )
        }
        let hash = try PasswordHash(password: input.password).description
        let user = try await services.ledger.createUser(
            NewUser(username: input.username, displayName: input.displayName, role: input.role, scopeId: input.scopeId),
            passwordHash: hash
        )
        return EditedResponse(status: .created, response: user)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> PageView<User> {
        try context.requireIdentity().requireAdmin()
        return PageView(try await services.ledger.listUsers(page: try request.pageRequest())) { $0 }
    }
}

extension User: ResponseEncodable {}
