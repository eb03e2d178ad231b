import Accounts
import Foundation
import Hummingbird
import Ledger

/// Finds the signed-in person of a page request from its session cookie, and refuses a form
/// posted without the session's anti-forgery token. A page that needs a session and has none
/// sends the browser to `/login`.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let cookie = "cashless_session"
    let ledger: Ledger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let token = request.cookies[Self.cookie]?.value, let session = try await ledger.session(token: SessionToken(token).storedHash) {
            context.session = session
            context.identity = try await Identity(user: session.user).resolved(in: ledger)
        }
        return try await next(request, context)
    }
}

extension AppRequestContext {
    /// The signed-in session, or a redirect to the sign-in page.
    func requireSession() throws -> UserSession {
        guard let session else { throw PageRedirect.signIn }
        return session
    }
}

/// A page's answer that sends the browser elsewhere (303 See Other).
struct PageRedirect: HTTPResponseError {
    var location: String
    var status: HTTPResponse.Status { .seeOther }

    static let signIn = PageRedirect(location: "/login")

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}
