import Accounts
import Hummingbird
import Ledger

/// People who sign in to the pages: admins create them with a role and scope, as API keys have,
/// disable and enable them, and reset their passwords.
struct UserController {
    let services: AppServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("users", use: create)
        group.get("users", use: list)
        group.post("users/:id/disable", use: disable)
        group.post("users/:id/enable", use: enable)
        group.post("users/:id/password", use: resetPassword)
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
        let password = input.password
        let hash = try await services.work.run { try PasswordHash(password: password).description }
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

    /// The user may no longer sign in, and every session of theirs ends at once.
    @Sendable func disable(_ request: Request, context: AppRequestContext) async throws -> User {
        try context.requireIdentity().requireAdmin()
        return try await services.ledger.disableUser(try request.id(context: context))
    }

    /// A disabled user may sign in again.
    @Sendable func enable(_ request: Request, context: AppRequestContext) async throws -> User {
        try context.requireIdentity().requireAdmin()
        return try await services.ledger.enableUser(try request.id(context: context))
    }

    struct NewPassword: ResponseEncodable {
        var user: User
        /// Shown only now; stored only as its hash. The old password no longer works.
        var password: String
    }

    /// A new password for the user, made by the service and shown once; their sessions end.
    @Sendable func resetPassword(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<NewPassword> {
        try context.requireIdentity().requireAdmin()
        let id = try request.id(context: context)
        _ = try await services.ledger.user(id)
        let password = GeneratedPassword.generate()
        let hash = try await services.work.run { try PasswordHash(password: password).description }
        let user = try await services.ledger.resetPassword(of: id, passwordHash: hash)
        return EditedResponse(status: .created, response: NewPassword(user: user, password: password))
    }
}

extension User: ResponseEncodable {}
