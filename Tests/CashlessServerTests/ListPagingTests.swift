import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Pages whose lists grow with a unit read them a page at a time (keyset, by id), never whole.
@Suite("Long lists on the pages are paged")
struct ListPagingTests {
    @Test(
        "a market of 450 stalls lists 200 a page; the next page starts after the last, keeps the filter, and the last has no next",
        arguments: ServerDatabase.all
    )
    func marketStalls(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let market = try await app.commune().market
            var csv = "stall,name,bank,account,holder,status\n"
            for number in 1...450 {
                csv += "Q\(number),Người bán \(number),VCB,\(100_000_000 + number),NGUOI BAN,\(number % 2 == 0 ? "qr_displayed" : "surveyed")\n"
            }
            #expect(try await app.call(.post, "/v1/markets/\(market)/vendors/import", csv: csv).status == .ok)
            try await app.user("ban.quan.ly", role: .unit, scope: market)
            var browser = Browser(app: app)
            _ = try await browser.signIn("ban.quan.ly", "mật-khẩu-dài-2026")
            var seen: [String] = []
            var address: String? = "/markets/\(market)"
            var pages = 0
            while let next = address {
                let page = try await browser.get(next).text
                let stalls = page.matches(of: /<tr><td>(Q\d+)<\/td>/).map { String($0.1) }
                #expect(stalls.count <= 200)
                seen += stalls
                address = page.firstMatch(of: /<a href="([^"]+)" rel="next">/).map { String($0.1).replacingOccurrences(of: "&amp;", with: "&") }
                pages += 1
            }
            #expect(pages == 3 && seen.count == 450 && Set(seen).count == 450, "every stall once, over three pages")

            var displaying: [String] = []
            address = "/markets/\(market)?status=qr_displayed"
            while let next = address {
                let page = try await browser.get(next).text
                displaying += page.matches(of: /<tr><td>(Q\d+)<\/td>/).map { String($0.1) }
                address = page.firstMatch(of: /<a href="([^"]+)" rel="next">/).map { String($0.1).replacingOccurrences(of: "&amp;", with: "&") }
                if let address { #expect(address.contains("status=qr_displayed"), "the filter is kept") }
            }
            #expect(displaying.count == 225 && displaying.allSatisfy { Int($0.dropFirst())! % 2 == 0 })
        }
    }
}
