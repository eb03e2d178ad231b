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

    @Test(
        "a school of 250 open bills and 120 waiting transfers: the bursar's page lists 100 of each a page, every one once",
        arguments: ServerDatabase.all
    )
    func bursarLists(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            var bursar = try await Bursar(app)
            var bills = "payer,fee,amount\n"
            for number in 1...249 { bills += "Học sinh \(number),Học phí tháng 9,1250000\n" }
            #expect(try await app.call(.post, "/v1/units/\(bursar.school)/bills/import", csv: bills).status == .created)
            var statement = "Ngày,Mã giao dịch,Ghi có,Nội dung\n"
            for number in 1...120 { statement += "01/10/2026,FT\(9000 + number),5000,ung ho quy lop \(number)\n" }
            #expect(try await app.call(.post, "/v1/units/\(bursar.school)/statements", csv: statement).status == .ok)

            func walk(_ list: String, _ row: Regex<(Substring, Substring)>) async throws -> (rows: [String], pages: Int) {
                var rows: [String] = []
                var pages = 0
                var address: String? = "/units/\(bursar.school)"
                while let next = address {
                    let page = try await bursar.browser.get(next).text
                    let found = page.matches(of: row).map { String($0.1) }
                    #expect(found.count <= 100)
                    rows += found
                    pages += 1
                    address = page.matches(of: /<a href="([^"]+)" rel="next" data-list="(\w+)">/).first { $0.2 == list }
                        .map { String($0.1).replacingOccurrences(of: "&amp;", with: "&") }
                }
                return (rows, pages)
            }
            let open = try await walk("bills", /<td><a href="\/bills\/(\d+)">/)
            #expect(open.pages == 3 && open.rows.count == 250 && Set(open.rows).count == 250, "\(open.pages) pages, \(open.rows.count) bills")
            let waiting = try await walk("inbox", /action="\/payments\/(\d+)\/match"/)
            #expect(waiting.pages == 2 && waiting.rows.count == 120 && Set(waiting.rows).count == 120)
        }
    }
}
