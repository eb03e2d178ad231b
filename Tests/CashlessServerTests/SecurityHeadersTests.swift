import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("Security headers")
struct SecurityHeadersTests {
    @Test(
        "every answer — page, API, file, error, redirect — forbids inline script and framing, sniffing, referrers and caching",
        arguments: ServerDatabase.all
    )
    func headers(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let (_, market) = try await app.commune()
            let answers = [
                try await app.call(.get, "/verify", headers: [:]),
                try await app.call(.get, "/v1/markets/\(market)/adoption"),
                try await app.call(.get, "/v1/markets/\(market)/vendors?status=bogus"),
                try await app.call(.get, "/markets/\(market)", headers: [:]),
                try await app.call(.get, "/assets/verify.js", headers: [:]),
            ]
            #expect(answers.map(\.status) == [.ok, .ok, .badRequest, .seeOther, .ok])
            for answer in answers {
                let policy = answer.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("script-src 'self';") && policy.contains("frame-ancestors 'none'"))
                #expect(answer.headers[.xContentTypeOptions] == "nosniff")
                #expect(answer.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            }
            // Pages and answers that name payers are kept by no cache; the script may be.
            #expect(answers.dropLast().allSatisfy { $0.headers[.cacheControl] == "no-store" })
            #expect(answers.last?.headers[.cacheControl] == "public, max-age=3600")
        }
    }

    @Test("the verify page has no inline script: its one script is the file it links")
    func noInlineScript() async throws {
        try await Harness.run(on: .sqlite) { app in
            let page = try await app.call(.get, "/verify", headers: [:]).text
            let scripts = page.matches(of: /<script([^>]*)>/).map { String($0.1) }
            #expect(scripts == [#" src="/assets/verify.js""#])
            let file = try await app.call(.get, "/assets/verify.js", headers: [:])
            #expect(file.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(file.text.contains("BarcodeDetector"))
        }
    }
}
