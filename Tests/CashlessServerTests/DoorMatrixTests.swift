import BadValues
import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import Testing

/// The door × value matrix: every bad value of the catalogue (`Tests/BadValues`) sent through every
/// door that takes its kind — JSON create and change, CSV import, page form — gets the same stable
/// code for the same field, and nothing is written (counted in the database before and after);
/// the good twin of each kind gets through every door and is stored alike.
@Suite("One rule set behind every door")
struct DoorMatrixTests {
    /// The codes an answer gives for `field`: problem JSON's `errors`, or a page's problem list.
    static func codes(_ response: TestResponse, field: String) -> [String] {
        if response.headers[.contentType]?.hasPrefix("application/problem+json") == true {
            let errors = (try? response.json().objects("errors")) ?? []
            return errors.filter { $0.string("field") == field }.compactMap { $0.string("code") }
        }
        return response.text.matches(of: /<li data-field="([^"]*)" data-code="([^"]*)">/)
            .filter { $0.1 == field }.map { String($0.2) }
    }

    /// `object` as JSON text (NUL and every other character escaped as JSON requires).
    static func json(_ object: [String: Any]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// One CSV row of quoted cells.
    static func csvRow(_ cells: [String]) -> String {
        cells.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") + "\n"
    }

    /// A market with a stall-board user signed in; what the stall doors need.
    struct Market {
        let app: Harness
        let id: Int64
        var browser: Browser
        let csrf: String
        let existing: Int64

        init(_ app: Harness) async throws {
            self.app = app
            id = try await app.commune().market
            try await app.user("ban.quan.ly", role: .unit, scope: id)
            browser = Browser(app: app)
            _ = try await browser.signIn("ban.quan.ly", "mật-khẩu-dài-2026")
            csrf = try Browser.csrf(in: try await browser.get("/markets/\(id)").text)
            existing = try await app.call(
                .post,
                "/v1/markets/\(id)/vendors",
                json: DoorMatrixTests.json(
                    ["stall": "A0", "name": "Lê Thị Ánh", "bank": "970436", "account": "0011001800880", "holder": "LE THI ANH"])
            ).json().int("id")
        }

        func stored() async throws -> [Vendor] {
            try await app.ledger.listVendors(in: id, VendorFilter(closed: nil), page: PageRequest(limit: 500)).items
        }

        /// Sends a stall whose `field` is `value` through each door (each with its own stall code,
        /// `stall` and a letter); each door's answer.
        mutating func send(_ field: String, _ value: String, stall: String) async throws -> [String: TestResponse] {
            var answers: [String: TestResponse] = [:]
            let order = ["stall", "name", "bank", "account", "holder"]
            func fields(_ door: String) -> [String: String] {
                var fields = [
                    "stall": stall + door, "name": "Nguyễn Thị Hoà", "bank": "970436", "account": BadValues.goodAccount,
                    "holder": "NGUYEN THI HOA",
                ]
                fields[field] = value
                return fields
            }
            func csv(_ door: String) -> String {
                csvRow(["Quầy", "Họ tên", "Ngân hàng", "Số tài khoản", "Chủ tài khoản"]) + csvRow(order.map { fields(door)[$0]! })
            }
            answers["JSON create"] = try await app.call(.post, "/v1/markets/\(id)/vendors", json: json(fields("J")))
            answers["JSON change"] = try await app.call(.patch, "/v1/vendors/\(existing)", json: json([field: value]))
            answers["CSV import"] = try await app.call(.post, "/v1/markets/\(id)/vendors/import", csv: csv("C"))
            answers["page form"] = try await browser.post("/markets/\(id)/stalls", [("_csrf", csrf)] + order.map { ($0, fields("P")[$0]!) })
            answers["page upload"] = try await browser.upload("/markets/\(id)/import", csrf: csrf, file: csv("U"))
            return answers
        }
    }

    /// A school with its bursar signed in; what the bill and receipt doors need.
    struct School {
        let app: Harness
        let id: Int64
        var browser: Browser
        let csrf: String

        init(_ app: Harness) async throws {
            self.app = app
            id = try await app.school()
            try await app.user("thu.quy", role: .unit, scope: id)
            browser = Browser(app: app)
            _ = try await browser.signIn("thu.quy", "mật-khẩu-dài-2026")
            csrf = try Browser.csrf(in: try await browser.get("/units/\(id)").text)
        }

        func stored() async throws -> (bills: [Bill], receipts: [Receipt]) {
            (
                try await app.ledger.listBills(unit: id, page: PageRequest(limit: 500)).items,
                try await app.ledger.listReceipts(unit: id, page: PageRequest(limit: 500)).items
            )
        }

        /// Sends a bill (and, with `receipts`, a receipt) whose `field` is `value` through each door; each door's answer.
        mutating func send(_ field: String, _ value: String, receipts: Bool = true) async throws -> [String: TestResponse] {
            var bill = ["payerName": "Lê Văn Bình", "feeType": "Học phí tháng 9", "amount": "1250000", "dueDate": "30/09/2026"]
            bill[field] = value
            var answers: [String: TestResponse] = [:]
            answers["JSON bill"] = try await app.call(.post, "/v1/units/\(id)/bills", json: json(bill))
            let columns = [
                "payerName": "Họ tên", "feeType": "Khoản thu", "amount": "Số tiền", "dueDate": "Hạn nộp", "payerEmail": "Email",
                "payerPhone": "Điện thoại",
            ]
            let order = ["payerName", "feeType", "amount", "dueDate", "payerEmail", "payerPhone"].filter { bill[$0] != nil }
            let csv = csvRow(order.map { columns[$0]! }) + csvRow(order.map { bill[$0]! })
            answers["CSV bills"] = try await app.call(.post, "/v1/units/\(id)/bills/import", csv: csv)
            answers["page bill"] = try await browser.post("/units/\(id)/bills", [("_csrf", csrf)] + order.map { ($0, bill[$0]!) })
            answers["page bills upload"] = try await browser.upload("/units/\(id)/bills/import", csrf: csrf, file: csv)
            if receipts {
                let receipt = ["payerName": bill["payerName"]!, "feeType": bill["feeType"]!, "amount": bill["amount"]!, "method": "cash"]
                answers["JSON receipt"] = try await app.call(.post, "/v1/units/\(id)/receipts", json: json(receipt))
                answers["page cash"] = try await browser.post(
                    "/units/\(id)/cash",
                    [("_csrf", csrf), ("_once", UUID().uuidString)]
                        + ["payerName", "feeType", "amount"].map { ($0, receipt[$0]!) }
                )
            }
            return answers
        }
    }

    /// Every door refused the value with its code, and no door answered 5xx.
    static func expectSame(_ answers: [String: TestResponse], _ bad: BadValues.Case, _ field: String) {
        for (door, answer) in answers.sorted(by: { $0.key < $1.key }) {
            #expect(codes(answer, field: field) == [bad.code], "\(field) \(bad) through \(door)")
            #expect((400..<500).contains(answer.status.code), "\(field) \(bad) through \(door): \(answer.status)")
        }
    }

    /// Every door took the value: 2xx, or a page's 303 back with a notice.
    static func expectTaken(_ answers: [String: TestResponse], _ what: String) {
        for (door, answer) in answers.sorted(by: { $0.key < $1.key }) {
            #expect((200..<400).contains(answer.status.code), "\(what) through \(door): \(answer.status) \(answer.text.prefix(300))")
        }
    }

    @Test("a bad name, account or bank of a stall: the same code at every door, nothing written", arguments: ServerDatabase.all)
    func stallValues(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            var market = try await Market(app)
            let before = try await market.stored()
            var number = 0
            for (field, cases) in [("name", BadValues.names), ("account", BadValues.accounts), ("bank", BadValues.banks)] {
                for bad in cases {
                    number += 1
                    Self.expectSame(try await market.send(field, bad.value, stall: "Z\(number)"), bad, field)
                }
            }
            #expect(try await market.stored() == before, "nothing was written")
        }
    }

    @Test(
        "a bad amount, payer name, due date, email or phone of a bill or receipt: the same code at every door, nothing written",
        arguments: ServerDatabase.all
    )
    func billValues(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            var school = try await School(app)
            for (field, cases) in [("amount", BadValues.amounts), ("payerName", BadValues.names)] {
                for bad in cases { Self.expectSame(try await school.send(field, bad.value), bad, field) }
            }
            for bad in BadValues.dates { Self.expectSame(try await school.send("dueDate", bad.value, receipts: false), bad, "dueDate") }
            for bad in BadValues.emails { Self.expectSame(try await school.send("payerEmail", bad.value, receipts: false), bad, "payerEmail") }
            for bad in BadValues.phones { Self.expectSame(try await school.send("payerPhone", bad.value, receipts: false), bad, "payerPhone") }
            let stored = try await school.stored()
            #expect(stored.bills.isEmpty && stored.receipts.isEmpty, "nothing was written")
        }
    }

    @Test("JSON numbers are amounts by the same rule: decimals, signs, zero and past 13 digits refused", arguments: ServerDatabase.all)
    func jsonNumbers(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            let items = #"[{"label": "x", "amount": 18446744073709551615}, {"label": "y", "amount": 1001}]"#
            for (number, code) in [
                ("150000.5", "amount_decimals"), ("-1", "amount_negative"), ("0", "amount_zero"),
                ("10000000000000", "amount_too_large"), ("1e30", "amount_too_large"),
            ] {
                let bill = try await app.call(
                    .post,
                    "/v1/units/\(school)/bills",
                    json: #"{"payerName": "An", "feeType": "Học phí", "amount": \#(number)}"#
                )
                #expect(Self.codes(bill, field: "amount") == [code], "\(number)")
            }
            let overflow = try await app.call(
                .post,
                "/v1/units/\(school)/receipts",
                json: #"{"payerName": "An", "feeType": "Học phí", "amount": 1000, "method": "cash", "items": \#(items)}"#
            )
            #expect(overflow.status == .unprocessableContent)
            #expect(Self.codes(overflow, field: "items[0].amount") == ["amount_too_large"])
            let wrong = try await app.call(
                .post,
                "/v1/units/\(school)/receipts",
                json:
                    #"{"payerName": "An", "feeType": "Học phí", "amount": 1000, "method": "cash", "items": [{"label": "x", "amount": 999}]}"#
            )
            #expect(Self.codes(wrong, field: "items") == ["items_sum"])
            #expect(try await app.ledger.listReceipts(unit: school).items.isEmpty, "no receipt was sealed")
        }
    }

    @Test("the good twins get through every door and are stored alike", arguments: ServerDatabase.all)
    func goodTwins(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            var market = try await Market(app)
            Self.expectTaken(try await market.send("name", BadValues.goodName, stall: "G"), "the good name")
            let stalls = try await market.stored()
            #expect(stalls.count == 5, "A0 changed, GJ, GC, GP and GU registered")
            #expect(stalls.allSatisfy { $0.name == BadValues.goodNameStored && $0.bankBin == "970436" })
            #expect(stalls.filter { $0.stall.hasPrefix("G") }.allSatisfy { $0.account == BadValues.goodAccount && $0.status == .hasAccount })
            #expect(stalls.allSatisfy { Array($0.name.unicodeScalars) == Array(BadValues.goodNameStored.unicodeScalars) }, "stored in NFC")

            var school = try await School(app)
            for amount in BadValues.goodAmounts { Self.expectTaken(try await school.send("amount", amount), amount) }
            for date in BadValues.goodDates { Self.expectTaken(try await school.send("dueDate", date, receipts: false), date) }
            for email in BadValues.goodEmails { Self.expectTaken(try await school.send("payerEmail", email, receipts: false), email) }
            for phone in BadValues.goodPhones { Self.expectTaken(try await school.send("payerPhone", phone, receipts: false), phone) }
            let stored = try await school.stored()
            let contacts = 4 * (BadValues.goodEmails.count + BadValues.goodPhones.count)
            #expect(stored.bills.count == 4 * (BadValues.goodAmounts.count + BadValues.goodDates.count) + contacts)
            #expect(Set(stored.bills.compactMap(\.payerEmail)) == [BadValues.goodEmailStored])
            #expect(stored.bills.filter { $0.payerEmail != nil }.count == 4 * BadValues.goodEmails.count)
            #expect(Set(stored.bills.compactMap(\.payerPhone)) == [BadValues.goodPhoneStored])
            #expect(stored.bills.filter { $0.payerPhone != nil }.count == 4 * BadValues.goodPhones.count)
            #expect(Set(stored.bills.map(\.amount)) == [1_250_000])
            #expect(Set(stored.bills.compactMap(\.dueDate)) == ["2026-09-30"])
            #expect(stored.receipts.count == 2 * BadValues.goodAmounts.count && Set(stored.receipts.map(\.amount)) == [1_250_000])
        }
    }

    @Test("a query parameter that does not decode is 400 naming it, on every list", arguments: ServerDatabase.all)
    func queryParameters(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let (_, market) = try await app.commune()
            let school = try await app.school()
            for (uri, field) in [
                ("/v1/markets/\(market)/vendors?status=bogus", "status"), ("/v1/markets/\(market)/vendors?closed=maybe", "closed"),
                ("/v1/markets/\(market)/vendors?limit=abc", "limit"), ("/v1/markets/\(market)/vendors?limit=0", "limit"),
                ("/v1/markets/\(market)/vendors?after=x", "after"), ("/v1/units?communeId=x", "communeId"),
                ("/v1/units?kind=farm", "kind"), ("/v1/units/\(school)/bills?status=late", "status"),
                ("/v1/units/\(school)/payments?waiting=maybe", "waiting"), ("/v1/keys?revoked=perhaps", "revoked"),
            ] {
                let answer = try await app.call(.get, uri)
                #expect(answer.status == .badRequest, "\(uri)")
                #expect(try answer.json().objects("errors").map { $0.string("field") } == [field], "\(uri): \(answer.text)")
            }
            #expect(try await app.call(.get, "/v1/markets/\(market)/vendors?status=qr_displayed&closed=any&search=Ho%C3%A0+B").status == .ok)
            for uri in ["/v1/markets/\(market)/vendors?limit=10&limit=20", "/v1/markets/\(market)/vendors?search=%ZZ", "/v1/units?kind=a&kind=b"] {
                #expect(try await app.call(.get, uri).status == .badRequest, "\(uri)")
            }
        }
    }
}
