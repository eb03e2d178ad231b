import Foundation
import Hummingbird
import Ledger
import Operations

/// Units' receipt-sealing keys: an admin revokes one (the keys themselves are made on the server,
/// with `cashless keys generate`, as their private halves are files there). Admin only, as the API
/// keys are: a commune key reads its units but changes nothing.
struct SigningKeyController {
    let services: AppServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("signing-keys/:kid/revoke", use: revoke)
    }

    struct RevocationInput: Decodable {
        /// `compromised` (the default) or `superseded`.
        var reason: String?
        /// ISO 8601; now when absent, never later than now.
        var at: String?
    }

    /// Revokes the key: 200 with the key as it stands now, the same for a key revoked already
    /// (a second revocation only moves the time back or makes `superseded` `compromised`).
    @Sendable func revoke(_ request: Request, context: AppRequestContext) async throws -> IssuerKey {
        let identity = try context.requireIdentity()
        try identity.requireAdmin()
        let kid = context.parameters.get("kid") ?? ""
        let body = try await request.collect(.code, context: context)
        var input = RevocationInput()
        if body.readableBytes > 0 {
            do {
                input = try context.requestDecoder.decode(RevocationInput.self, from: Data(buffer: body))
            } catch let error as DecodingError {
                throw APIProblem.badRequest("the request body is not the JSON this route takes", errors: [error.fieldError])
            }
        }
        guard
            let key = try await KeyRevocation.revoke(kid: kid, reason: input.reason, at: input.at, by: identity.author, ledger: services.ledger)
        else { throw APIProblem.notFound("signing key \(kid)") }
        return key
    }
}

extension IssuerKey: ResponseEncodable {}
