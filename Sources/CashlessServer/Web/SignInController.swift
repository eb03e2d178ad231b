import Accounts
import Foundation
import Hummingbird
import Ledger
import VietnamCalendar

/// Signing in and out of the pages, and the home page that sends each person to their work.
struct SignInController {
    let services: AppServices
    /// How long a session lasts.
    static let lifetime: TimeInterval = 12 * 3600
    /// The cookie that carries the sign-in form's anti-forgery token before there is a session.
    static let loginCookie = "cashless_login"

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get("login", use: form)
        router.post("login", use: signIn)
        router.post("logout", use: signOut)
        router.get("", use: home)
    }

    struct LoginPage {
        var title = "Đăng nhập"
        var csrf: String
        var username = ""
        var problem: String?
    }

    @Sendable func form(_ request: Request, context: AppRequestContext) async throws -> Response {
        if context.session != nil { return Response(status: .seeOther, headers: [.location: "/"]) }
        return loginPage(LoginPage(csrf: SessionToken.csrf()))
    }

    /// What an unknown username's password is checked against: a hash of the same cost as a user's.
    static let decoy = (try? PasswordHash(password: SessionToken.csrf()))?.description ?? ""

    /// The password is checked against its stored hash (600,000 iterations) on the expensive work's
    /// threads; sign-ins are limited per client address and per username (``RateLimitMiddleware``).
    @Sendable func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await Form.read(request, context: context, limit: .form)
        let username = form.text("username") ?? ""
        guard let sent = form["_csrf"], let expected = request.cookies[Self.loginCookie]?.value,
            ConstantTime.equal(Array(sent.utf8), Array(expected.utf8))
        else {
            return loginPage(
                LoginPage(
                    csrf: SessionToken.csrf(),
                    username: username,
                    problem: "Phiên đăng nhập đã hết hạn; hãy thử lại."
                ),
                status: .forbidden
            )
        }
        do {
            try services.rates.take(.signInUser, username.lowercased())
        } catch {
            return RateLimitMiddleware.tooMany(request, retryAfter: error.retryAfter)
        }
        let password = form["password"] ?? ""
        let token = SessionToken()
        let result = try await services.ledger.signIn(
            username: username,
            token: token.storedHash,
            csrfToken: SessionToken.csrf(),
            lifetime: Self.lifetime,
            decoy: Self.decoy
        ) { stored in
            try await services.work.run { PasswordHash(stored)?.matches(password) ?? false }
        }
        switch result {
        case .signedIn:
            var response = Response(status: .seeOther, headers: [.location: "/"])
            response.setCookie(
                Cookie(
                    name: SessionMiddleware.cookie,
                    value: token.text,
                    maxAge: Int(Self.lifetime),
                    path: "/",
                    secure: services.secureCookies,
                    httpOnly: true,
                    sameSite: .lax
                )
            )
            response.setCookie(
                Cookie(
                    name: Self.loginCookie,
                    value: "",
                    maxAge: 0,
                    path: "/login",
                    secure: services.secureCookies,
                    httpOnly: true,
                    sameSite: .lax
                )
            )
            return response
        case .refused:
            return loginPage(
                LoginPage(csrf: SessionToken.csrf(), username: username, problem: "Sai tên đăng nhập hoặc mật khẩu."),
                status: .unauthorized
            )
        case .locked(let until):
            return loginPage(
                LoginPage(
                    csrf: SessionToken.csrf(),
                    username: username,
                    problem:
                        "Tài khoản tạm khóa vì nhập sai mật khẩu nhiều lần; hãy thử lại sau \(VietnameseDate.string(until).suffix(5))."
                ),
                status: .tooManyRequests
            )
        }
    }

    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try context.requireSession()
        try checkCSRF(try await Form.read(request, context: context, limit: .form), session: session)
        if let token = request.cookies[SessionMiddleware.cookie]?.value {
            try await services.ledger.endSession(token: SessionToken(token).storedHash)
        }
        var response = Response(status: .seeOther, headers: [.location: "/login"])
        response.setCookie(
            Cookie(
                name: SessionMiddleware.cookie,
                value: "",
                maxAge: 0,
                path: "/",
                secure: services.secureCookies,
                httpOnly: true,
                sameSite: .lax
            )
        )
        return response
    }

    /// A market's clerk goes to the market, a bursar to the unit's bills, a commune officer to the
    /// commune, a province officer to the province.
    @Sendable func home(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let location: String
        switch session.user.role {
        case .unit:
            let unit = try await services.ledger.unit(session.user.scopeId ?? -1)
            location = unit.kind == .market ? "/markets/\(unit.id)" : "/units/\(unit.id)"
        case .commune:
            location = "/communes/\(session.user.scopeId ?? -1)"
        case .province:
            location = "/provinces/\(session.user.scopeId ?? -1)"
        case .admin:
            location = "/communes"
        }
        return Response(status: .seeOther, headers: [.location: location])
    }

    /// The sign-in page, with a fresh anti-forgery cookie for its form.
    private func loginPage(_ page: LoginPage, status: HTTPResponse.Status = .ok) -> Response {
        var response = Pages.render("login", page, status: status)
        response.setCookie(
            Cookie(
                name: Self.loginCookie,
                value: page.csrf,
                maxAge: 3600,
                path: "/login",
                secure: services.secureCookies,
                httpOnly: true,
                sameSite: .lax
            )
        )
        return response
    }
}

/// 403 unless the form carries the session's anti-forgery token.
func checkCSRF(_ form: Form, session: UserSession) throws {
    guard let sent = form["_csrf"], ConstantTime.equal(Array(sent.utf8), Array(session.csrfToken.utf8)) else {
        throw APIProblem(.forbidden, "the form's anti-forgery token is missing or wrong: reload the page and send it again")
    }
}

extension AppServices {
    /// Cookies are sent over TLS only when the service is reached over HTTPS.
    var secureCookies: Bool { publicURL.lowercased().hasPrefix("https://") }
}
