import Hummingbird
import Ledger

/// Reads `Authorization: Bearer <key>` and puts the key's role and scope in the context.
/// A request without the header goes on anonymous (public routes serve it; others answer 401);
/// a header with an unknown or revoked key is refused at once.
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let ledger: Ledger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        let secret = header.lowercased().hasPrefix("bearer ") ? header.dropFirst(7).trimmingCharacters(in: .whitespaces) : ""
        guard !secret.isEmpty, let key = try await ledger.activeKey(secret: secret) else {
            throw APIProblem(.unauthorized, "the API key is unknown or revoked")
        }
        var context = context
        context.identity = try await Identity(keyId: key.id, role: key.role, scopeId: key.scopeId).resolved(in: ledger)
        return try await next(request, context)
    }
}
