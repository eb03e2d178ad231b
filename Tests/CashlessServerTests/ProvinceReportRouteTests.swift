import Foundation
import Hummingbird
import HummingbirdTesting
import Ledger
import PropertyBased
import Testing

/// The province's report, its CSV and its page, on both databases.
@Suite("A province's cashless report")
struct ProvinceReportRouteTests {
    /// A share of the JSON as its two counts.
    static func counts(_ share: Any?) -> [Int] {
        let share = share as? [String: Any]
        return [(share?["numerator"] as? NSNumber)?.intValue ?? -1, (share?["denominator"] as? NSNumber)?.intValue ?? -1]
    }

    /// What a test issued at a commune's schools: receipts that stand, by count and by đồng.
    struct Issued {
        var cashlessReceipts = 0, receipts = 0, cashless = 0, total = 0
    }

    @Test(
        "over random communes, markets, schools and receipts, the province report equals its communes' reports and its totals their sums",
        arguments: ServerDatabase.all
    )
    func equalsSumOfCommunes(database: ServerDatabase) async throws {
        for seed in UInt64(1)...3 {
            try await Self.randomProvince(seed: seed, on: database)
        }
    }

    /// One random province of seed `seed` (a failure can be replayed) checked against its communes.
    static func randomProvince(seed: UInt64, on database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            var random = Xoshiro(seed: (seed, 15, 11, 13))
            let statuses = ["surveyed", "has_account", "qr_issued", "qr_displayed"]
            let methods = ["qr", "transfer", "cash"]
            var issued: [Int64: Issued] = [:]
            var markets: [Int64: [Int64]] = [:]
            var province: Int64 = -1
            for index in 0..<7 {
                // The last commune is in another province: it must not count.
                let name = index == 6 ? "Nghệ An" : (index % 2 == 0 ? "Thanh Hóa" : "thanh hoá")
                let commune = try await app.call(.post, "/v1/communes", json: #"{"name": "Xã Số \#(index)", "province": "\#(name)"}"#).json()
                let id = commune.int("id")
                if index == 0 { province = commune.int("provinceId") }
                #expect((commune.int("provinceId") == province) == (index != 6), "the province is found by its name without case or diacritics")
                for number in 0..<Int.random(in: 0...2, using: &random) {
                    let market = try await app.call(
                        .post,
                        "/v1/units",
                        json: #"{"kind": "market", "name": "Chợ \#(index)-\#(number)", "communeId": \#(id)}"#
                    )
                    .json().int("id")
                    markets[id, default: []].append(market)
                    let stalls = Int.random(in: 0...8, using: &random)
                    guard stalls > 0 else { continue }
                    var csv = "stall,name,bank,account,holder,status\n"
                    for stall in 1...stalls {
                        csv +=
                            "Q\(stall),Người bán \(stall),VCB,00110018\(1000 + stall),NGUOI BAN,\(statuses[Int.random(in: 0..<4, using: &random)])\n"
                    }
                    try await app.call(.post, "/v1/markets/\(market)/vendors/import", csv: csv)
                }
                if Bool.random(using: &random) {
                    let bank = Bool.random(using: &random) ? #", "bankBin": "970436", "bankAccount": "0011001234567", "bankHolder": "TRUONG""# : ""
                    let school = try await app.call(
                        .post,
                        "/v1/units",
                        json:
                            #"{"kind": "school", "name": "Trường \#(index)", "communeId": \#(id), "taxCode": "2801234567", "address": "1 Lê Lợi"\#(bank)}"#
                    ).json().int("id")
                    try await app.signingKey(unit: school)
                    var last: (id: Int64, amount: Int, cashless: Bool)?
                    for _ in 0..<Int.random(in: 0...4, using: &random) {
                        let amount = Int.random(in: 1...40, using: &random) * 5_000
                        let method = methods[Int.random(in: 0..<3, using: &random)]
                        let receipt = try await app.call(
                            .post,
                            "/v1/units/\(school)/receipts",
                            json: #"{"payerName": "Lê Văn An", "feeType": "Học phí", "amount": \#(amount), "method": "\#(method)"}"#
                        ).json().int("id")
                        issued[id, default: Issued()].receipts += 1
                        issued[id, default: Issued()].total += amount
                        if method != "cash" {
                            issued[id, default: Issued()].cashlessReceipts += 1
                            issued[id, default: Issued()].cashless += amount
                        }
                        last = (receipt, amount, method != "cash")
                    }
                    // Sometimes the last receipt is replaced by one paid in cash: the replaced one no longer counts.
                    if let last, Bool.random(using: &random) {
                        let replaced = try await app.call(
                            .post,
                            "/v1/receipts/\(last.id)/replace",
                            json: #"{"payerName": "Lê Văn Anh", "feeType": "Học phí", "amount": 10000, "method": "cash"}"#
                        )
                        #expect(replaced.status == .created)
                        issued[id, default: Issued()].total += 10_000 - last.amount
                        if last.cashless {
                            issued[id, default: Issued()].cashlessReceipts -= 1
                            issued[id, default: Issued()].cashless -= last.amount
                        }
                    }
                }
            }

            let report = try await app.call(.get, "/v1/provinces/\(province)/cashless").json()
            let lines = report.objects("communes")
            #expect(lines.count == 6 && report.int("communeCount") == 6)
            #expect(lines.map { $0["rank"] as? Int } == Array(1...6))
            var sums = (equipped: [0, 0], byCount: [0, 0], byValue: [0, 0], met: 0)
            for line in lines {
                let id = line.int("communeId")
                // The commune's own report: the same criteria, met or not alike.
                let own = try await app.call(.get, "/v1/communes/\(id)/cashless").json()
                let criteria = try #require(line["criteria"] as? [NSDictionary])
                #expect(criteria == (own["criteria"] as? [NSDictionary]), "seed \(seed), commune \(id)")
                #expect(line["met"] as? Bool == ((own["met"] as? Bool ?? false) && !criteria.isEmpty), "seed \(seed), commune \(id)")
                // Its equipped share is the sum of its markets' adoption.
                var equipped = [0, 0]
                for market in markets[id] ?? [] {
                    let adoption = Self.counts(try await app.call(.get, "/v1/markets/\(market)/adoption").json()["equipped"])
                    equipped = [equipped[0] + adoption[0], equipped[1] + adoption[1]]
                }
                #expect(Self.counts(line["equipped"]) == equipped, "seed \(seed), commune \(id)")
                let fees = issued[id] ?? Issued()
                #expect(Self.counts(line["cashlessByCount"]) == [fees.cashlessReceipts, fees.receipts], "seed \(seed), commune \(id)")
                #expect(Self.counts(line["cashlessByValue"]) == [fees.cashless, fees.total], "seed \(seed), commune \(id)")
                for (key, path) in [
                    ("equipped", \(equipped: [Int], byCount: [Int], byValue: [Int], met: Int).equipped), ("cashlessByCount", \.byCount),
                    ("cashlessByValue", \.byValue),
                ] {
                    let share = Self.counts(line[key])
                    sums[keyPath: path] = [sums[keyPath: path][0] + share[0], sums[keyPath: path][1] + share[1]]
                }
                if line["met"] as? Bool == true { sums.met += 1 }
            }
            #expect(Self.counts(report["equipped"]) == sums.equipped)
            #expect(Self.counts(report["cashlessByCount"]) == sums.byCount)
            #expect(Self.counts(report["cashlessByValue"]) == sums.byValue)
            #expect(Self.counts(report["meetingAll"]) == [sums.met, 6])
            // Communes meeting every criterion come first, then by criteria met.
            let order = lines.map { ($0["met"] as? Bool == true ? 1 : 0, $0["criteriaMet"] as? Int ?? 0) }
            #expect(zip(order, order.dropFirst()).allSatisfy { $0 >= $1 }, "ranked: \(order)")

            // The months: 12 by default, each the sum of its communes; this month's equipped share is the report's.
            let history = try await app.call(.get, "/v1/provinces/\(province)/cashless/history").json()
            let months = history.objects("months")
            #expect(months.count == 12 && history.objects("communes").count == 6)
            #expect(Self.counts(months.last?["equipped"]) == sums.equipped)
            #expect(Self.counts(months.last?["cashlessByValue"]) == sums.byValue, "every receipt was issued this month")
        }
    }

    /// Two communes of Thanh Hóa (one market 2 of 3 displaying, one school with fees), one of Nghệ An; the province's id.
    static func thanhHoa(_ app: Harness) async throws -> (province: Int64, communes: [Int64], other: Int64) {
        let (first, market) = try await app.commune("Phường Điện Biên")
        try await app.call(
            .post,
            "/v1/markets/\(market)/vendors/import",
            csv:
                "stall,name,bank,account,holder,status\nQ1,An,VCB,0011001800001,AN,qr_displayed\nQ2,Bình,VCB,0011001800002,BINH,qr_displayed\nQ3,Chi,VCB,0011001800003,CHI,qr_issued\n"
        )
        let school = try await app.school()  // its own commune, Phường Điện Biên of Thanh Hóa
        let second = try await app.call(.get, "/v1/units/\(school)").json().int("communeId")
        for (amount, method) in [(2_535_000, "qr"), (1_285_000, "cash")] {
            try await app.call(
                .post,
                "/v1/units/\(school)/receipts",
                json: #"{"payerName": "Lê Văn An", "feeType": "Học phí", "amount": \#(amount), "method": "\#(method)"}"#
            )
        }
        let other = try await app.call(.post, "/v1/communes", json: #"{"name": "Xã Nghi Lộc", "province": "Nghệ An"}"#).json().int("id")
        let province = try await app.call(.get, "/v1/communes/\(first)").json().int("provinceId")
        return (province, [first, second], other)
    }

    @Test("the CSV is UTF-8 with a BOM, CRLF, Vietnamese headers and numbers written the Vietnamese way", arguments: ServerDatabase.all)
    func csv(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let (province, _, _) = try await Self.thanhHoa(app)
            let response = try await app.call(.get, "/v1/provinces/\(province)/cashless?format=csv")
            #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(response.headers[.contentDisposition]?.contains("attachment") == true)
            let bytes = Array(response.body.readableBytesView)
            #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "a byte order mark, so Excel reads UTF-8")
            let text = response.text
            let lines = text.dropFirst().components(separatedBy: "\r\n")
            #expect(lines.first?.hasPrefix("Hạng,\"Xã, phường\",Mã xã,Đạt mọi tiêu chí") == true)
            #expect(lines.count == 5 && lines.last == "", "header, two communes, the province, and a final CRLF")
            #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends with CRLF")
            // The school's commune: 1 of 2 receipts and 2.535.000 of 3.820.000 đồng cashless (66,4%).
            let school = try #require(lines.first { $0.contains("\"66,4%\"") })
            #expect(school.contains("\"50,0%\",1,2,\"66,4%\",2.535.000 đ,3.820.000 đ"))
            // The market's commune: 2 of 3 stalls displaying.
            #expect(lines.contains { $0.contains("\"66,7%\",2,3") })
            let province_ = try #require(lines.dropLast().last)
            #expect(province_.hasPrefix(",Toàn tỉnh,,0/2 xã"))
            #expect(province_.contains("\"66,7%\",2,3,\"50,0%\",1,2,\"66,4%\",2.535.000 đ,3.820.000 đ"))
            #expect(!text.contains("Nghi Lộc"), "a commune of another province is not in the report")
        }
    }

    @Test(
        "kept receipt counts follow issuing, replacing and adjusting: a receipt that no longer stands counts no more",
        arguments: ServerDatabase.all
    )
    func receiptCounts(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            let commune = try await app.call(.get, "/v1/units/\(school)").json().int("communeId")
            let province = try await app.call(.get, "/v1/communes/\(commune)").json().int("provinceId")
            func issue(_ amount: Int, _ method: String) async throws -> Int64 {
                try await app.call(
                    .post,
                    "/v1/units/\(school)/receipts",
                    json: #"{"payerName": "Lê Văn An", "feeType": "Học phí", "amount": \#(amount), "method": "\#(method)"}"#
                ).json().int("id")
            }
            func shares() async throws -> [[Int]] {
                let line = try #require(try await app.call(.get, "/v1/provinces/\(province)/cashless").json().objects("communes").first)
                #expect(try await app.ledger.receiptCounts(commune: commune).total == Self.counts(line["cashlessByCount"])[1])
                return [Self.counts(line["cashlessByCount"]), Self.counts(line["cashlessByValue"])]
            }
            #expect(try await shares() == [[0, 0], [0, 0]])
            let qr = try await issue(150_000, "qr")
            _ = try await issue(150_000, "transfer")
            let cash = try await issue(100_000, "cash")
            #expect(try await shares() == [[2, 3], [300_000, 400_000]])
            // The cash receipt replaced by one paid by QR: still 3 receipts, now all cashless.
            let replacement = #"{"payerName": "Lê Văn Anh", "feeType": "Học phí", "amount": 100000, "method": "qr"}"#
            #expect(try await app.call(.post, "/v1/receipts/\(cash)/replace", json: replacement).status == .created)
            #expect(try await shares() == [[3, 3], [400_000, 400_000]])
            // The first QR receipt adjusted to one paid in cash for less.
            let adjustment = #"{"payerName": "Lê Văn An", "feeType": "Học phí", "amount": 120000, "method": "cash"}"#
            #expect(try await app.call(.post, "/v1/receipts/\(qr)/adjust", json: adjustment).status == .created)
            #expect(try await shares() == [[2, 3], [250_000, 370_000]])
        }
    }

    @Test(
        "a province officer lands on the province's page, sees every commune ranked, opens a commune, and nothing of another province",
        arguments: ServerDatabase.all
    )
    func page(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let (province, communes, other) = try await Self.thanhHoa(app)
            try await app.user("so.tc", role: .province, scope: province)
            var browser = Browser(app: app)
            _ = try await browser.signIn("so.tc", "mật-khẩu-dài-2026")
            #expect(try await browser.get("/").headers[.location] == "/provinces/\(province)")
            #expect(try await browser.get("/provinces").headers[.location] == "/provinces/\(province)")
            #expect(try await browser.get("/communes").headers[.location] == "/provinces/\(province)")
            let page = try await browser.get("/provinces/\(province)")
            #expect(page.status == .ok)
            let text = page.text
            #expect(text.contains("<h1>Thanh Hóa</h1>"))
            #expect(text.contains("0/2 xã, phường đạt mọi tiêu chí"))
            #expect(text.contains("66,7%") && text.contains("66,4%") && text.contains("2.535.000 đ / 3.820.000 đ"))
            #expect(text.contains("✓ đạt, ✗ chưa đạt, – không có"), "the marks are explained in words")
            #expect(text.contains("<svg") && text.contains("Quầy treo mã QR"))
            #expect(text.contains("href=\"/provinces/\(province)/cashless.csv\""))
            for commune in communes {
                #expect(text.contains("href=\"/communes/\(commune)\""))
                #expect(try await browser.get("/communes/\(commune)").status == .ok, "a province officer opens its communes")
            }
            #expect(!text.contains("Nghi Lộc"))
            #expect(try await browser.get("/communes/\(other)").status == .notFound)
            let otherProvince = try await app.call(.get, "/v1/communes/\(other)").json().int("provinceId")
            #expect(try await browser.get("/provinces/\(otherProvince)").status == .notFound)
            let csv = try await browser.get("/provinces/\(province)/cashless.csv")
            #expect(csv.status == .ok && csv.text.hasPrefix("\u{FEFF}Hạng,"))
            #expect(try await browser.get("/provinces/\(otherProvince)/cashless.csv").status == .notFound)

            try await app.user("admin.tinh", role: .admin, scope: nil)
            var admin = Browser(app: app)
            _ = try await admin.signIn("admin.tinh", "mật-khẩu-dài-2026")
            let list = try await admin.get("/provinces")
            #expect(list.status == .ok && list.text.contains("href=\"/provinces/\(province)\"") && list.text.contains("Nghệ An"))
        }
    }

    @Test(
        "only an admin moves a commune to another province, and the province's keys follow the move; keys need a province that exists",
        arguments: ServerDatabase.all
    )
    func moveAndKeys(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let (province, communes, other) = try await Self.thanhHoa(app)
            let otherProvince = try await app.call(.get, "/v1/communes/\(other)").json().int("provinceId")
            let key = try await app.key(.province, scope: province)
            #expect(try await app.call(.get, "/v1/communes", headers: key).json().objects("items").map { $0.int("id") } == communes)
            #expect(try await app.call(.get, "/v1/provinces", headers: key).json().objects("items").map { $0.int("id") } == [province])
            #expect(try await app.call(.get, "/v1/provinces").json().objects("items").count == 2)
            let move = #"{"province": "Nghệ An"}"#
            #expect(try await app.call(.patch, "/v1/communes/\(communes[0])", headers: key, json: move).status == .forbidden)
            let moved = try await app.call(.patch, "/v1/communes/\(communes[0])", json: move).json()
            #expect(moved.int("provinceId") == otherProvince && moved.string("province") == "Nghệ An")
            #expect(try await app.call(.get, "/v1/communes/\(communes[0])", headers: key).status == .notFound)
            #expect(try await app.call(.get, "/v1/provinces/\(province)/cashless", headers: key).json().objects("communes").count == 1)

            let issued = try await app.call(.post, "/v1/keys", json: #"{"role": "province", "scopeId": \#(province)}"#)
            #expect(issued.status == .created)
            let missing = try await app.call(.post, "/v1/keys", json: #"{"role": "province", "scopeId": 9999}"#)
            #expect(missing.status == .unprocessableContent)
            #expect(try missing.json().objects("errors").first?.string("field") == "scopeId")
            let noScope = try await app.call(.post, "/v1/keys", json: #"{"role": "province"}"#)
            #expect(noScope.status == .unprocessableContent && noScope.text.contains("scopeId"))
            #expect(try await app.call(.get, "/v1/provinces/9999/cashless").status == .notFound)
        }
    }
}
