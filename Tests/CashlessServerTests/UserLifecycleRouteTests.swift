import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Testing

/// An admin disables, enables and resets the password of a person who signs in to the pages.
@Suite("Users: disabled, enabled, a password reset")
struct UserLifecycleRouteTests {
    @Test(
        "a disabled user's open session is refused at the next request, and signing in is refused as a wrong password is",
        arguments: ServerDatabase.all
    )
    func disable(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let (_, market) = try await app.commune()
            let user = try await app.user("ban.quan.ly", role: .unit, scope: market)
            var browser = Browser(app: app)
            _ = try await browser.signIn("ban.quan.ly", "mật-khẩu-dài-2026")
            #expect(try await browser.get("/markets/\(market)").status == .ok)

            let disabled = try await app.call(.post, "/v1/users/\(user.id)/disable")
            #expect(disabled.status == .ok)
            #expect(try disabled.json().string("disabledAt") != nil)
            let next = try await browser.get("/markets/\(market)")
            #expect(next.status == .seeOther && next.headers[.location] == "/login", "the session ended")

            var other = Browser(app: app)
            let right = try await other.signIn("ban.quan.ly", "mật-khẩu-dài-2026")
            var stranger = Browser(app: app)
            let wrong = try await stranger.signIn("khong.co.ai", "mật-khẩu-dài-2026")
            #expect(right.status == .unauthorized && right.status == wrong.status)
            #expect(right.text.contains("Sai tên đăng nhập hoặc mật khẩu.") && wrong.text.contains("Sai tên đăng nhập hoặc mật khẩu."))
            #expect(other.cookies["cashless_session"] == nil)

            let enabled = try await app.call(.post, "/v1/users/\(user.id)/enable")
            #expect(enabled.status == .ok)
            #expect(try enabled.json().string("disabledAt") == nil)
            #expect(try await other.signIn("ban.quan.ly", "mật-khẩu-dài-2026").status == .seeOther)
            #expect(try await other.get("/markets/\(market)").status == .ok)
            #expect(try await app.call(.post, "/v1/users/999/disable").status == .notFound)
        }
    }

    @Test("a reset password signs in, the old one no longer does, and the user's sessions end", arguments: ServerDatabase.all)
    func resetPassword(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let (_, market) = try await app.commune()
            let user = try await app.user("ban.quan.ly", role: .unit, scope: market)
            var browser = Browser(app: app)
            _ = try await browser.signIn("ban.quan.ly", "mật-khẩu-dài-2026")

            let reset = try await app.call(.post, "/v1/users/\(user.id)/password")
            #expect(reset.status == .created)
            let password = try #require(try reset.json().string("password"))
            #expect(password.count >= 10)
            #expect(try await browser.get("/markets/\(market)").headers[.location] == "/login", "the session ended")

            var old = Browser(app: app)
            #expect(try await old.signIn("ban.quan.ly", "mật-khẩu-dài-2026").status == .unauthorized)
            var new = Browser(app: app)
            #expect(try await new.signIn("ban.quan.ly", password).status == .seeOther)
            #expect(try await new.get("/markets/\(market)").status == .ok)

            let again = try await app.call(.post, "/v1/users/\(user.id)/password").json().string("password")
            #expect(again != password, "each reset makes a new password")
            var stale = Browser(app: app)
            #expect(try await stale.signIn("ban.quan.ly", password).status == .unauthorized)
        }
    }
}
