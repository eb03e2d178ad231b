import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Testing

@testable import CashlessServer
@testable import Operations

/// A person on a page whose request fails (the server busy, the database away, a fault, a form
/// too large) sees a page in Vietnamese saying so, not problem JSON; the API keeps its JSON.
@Suite("Failures answered as pages to browsers")
struct FailurePageTests {
    /// A router with the service's problem middleware and routes that fail as named.
    static func app() -> some ApplicationProtocol {
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: ProblemMiddleware())
        for prefix in ["", "/v1"] {
            router.get("\(prefix)/busy") { _, _ -> Response in throw ExpensiveWork.Busy() }
            router.post("\(prefix)/busy") { _, _ -> Response in throw ExpensiveWork.Busy() }
            router.get("\(prefix)/away") { _, _ -> Response in throw LedgerError.unavailable("the database connection was lost") }
            router.get("\(prefix)/fault") { _, _ -> Response in throw LedgerError.unexpected("a row vanished at /srv/cashless") }
            router.post("\(prefix)/large") { _, _ -> Response in throw APIProblem(.contentTooLarge, "the request body is larger than 32 KB") }
        }
        return Application(router: router)
    }

    static let browser: HTTPFields = [.accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"]

    @Test("busy, the database away, a fault: a page with the status, Retry-After where there is one, and no internals")
    func pages() async throws {
        try await Self.app().test(.router) { client in
            for (path, status, words) in [
                ("/busy", HTTPResponse.Status.serviceUnavailable, "thử lại sau"), ("/away", .serviceUnavailable, "thử lại sau"),
                ("/fault", .internalServerError, "mã yêu cầu"),
            ] {
                let answer = try await client.execute(uri: path, method: .get, headers: Self.browser)
                #expect(answer.status == status, "\(path)")
                #expect(answer.headers[.contentType] == "text/html; charset=utf-8", "\(path)")
                let html = String(buffer: answer.body)
                #expect(html.contains(words), "\(path): \(html)")
                #expect(html.contains(#"href="\#(path)""#), "\(path): a link to try again")
                #expect(!html.contains("/srv/cashless") && !html.contains("vanished"), "\(path): no internals")
                #expect((answer.headers[.retryAfter] != nil) == (status == .serviceUnavailable), "\(path)")
            }
            let large = try await client.execute(uri: "/large", method: .post, headers: Self.browser)
            #expect(large.status == .contentTooLarge)
            #expect(String(buffer: large.body).contains("quá lớn"))
            let query = try await client.execute(uri: "/away?page=2", method: .get, headers: Self.browser)
            #expect(String(buffer: query.body).contains(#"href="/away?page=2""#), "the link to try again keeps the query")
            let posted = try await client.execute(uri: "/busy", method: .post, headers: Self.browser)
            #expect(posted.status == .serviceUnavailable)
            #expect(String(buffer: posted.body).contains(#"href="/""#), "after a form, the way back is the start page")
        }
    }

    @Test("the API, and a client that does not ask for HTML, keep problem JSON")
    func json() async throws {
        try await Self.app().test(.router) { client in
            for (path, headers) in [("/v1/busy", Self.browser), ("/v1/away", [:]), ("/busy", [:]), ("/fault", [.accept: "application/json"])] {
                let answer = try await client.execute(uri: path, method: .get, headers: headers)
                #expect(answer.status.code >= 500, "\(path)")
                #expect(answer.headers[.contentType] == "application/problem+json", "\(path)")
            }
        }
    }
}
