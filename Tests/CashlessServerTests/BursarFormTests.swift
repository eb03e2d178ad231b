import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A bursar signed in to a school's page (with a signing key, a bill and its bank's secret).
struct Bursar {
    let paid: PaidBill
    var browser: Browser
    var school: Int64 { paid.school }

    init(_ app: Harness) async throws {
        paid = try await PaidBill(app, signingKey: true)
        try await app.user("thu.quy", role: .unit, scope: paid.school)
        browser = Browser(app: app)
        _ = try await browser.signIn("thu.quy", "mật-khẩu-dài-2026")
    }

    /// The school's page.
    mutating func page() async throws -> String {
        try await browser.get("/units/\(school)").text
    }
}

@Suite("The bursar's forms: sent twice, done once; bounded; telling nothing of other units")
struct BursarFormTests {
    @Test(
        "a cash form sent twice issues one receipt, and the second sending shows the first's; sent twice at once, one too",
        arguments: ServerDatabase.all
    )
    func cashTwice(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            var bursar = try await Bursar(app)
            let page = try await bursar.page()
            let form = [
                ("_csrf", try Browser.csrf(in: page)), ("_once", try Browser.once(in: page, action: "/units/\(bursar.school)/cash")),
                ("payerName", "Trần Thu Hà"), ("feeType", "Quỹ lớp 3A"), ("amount", "50.000"),
            ]
            let first = try await bursar.browser.post("/units/\(bursar.school)/cash", form)
            let second = try await bursar.browser.post("/units/\(bursar.school)/cash", form)
            #expect(first.status == .seeOther && second.status == .seeOther)
            #expect(second.headers[.location] == first.headers[.location])
            #expect(try await bursar.browser.get(try #require(second.headers[.location])).text.contains("(tiền mặt)"))
            #expect(try await bursar.paid.receipts().count == 1)

            // A double click: both sendings at once, from a fresh page.
            let fresh = try await bursar.page()
            var copied = form
            copied[1] = ("_once", try Browser.once(in: fresh, action: "/units/\(bursar.school)/cash"))
            let twice = copied
            let browser = bursar.browser
            let school = bursar.school
            let both = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        var copy = browser
                        return try await copy.post("/units/\(school)/cash", twice).status
                    }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(both == [.seeOther, .seeOther])
            #expect(try await bursar.paid.receipts().count == 2)

            // The same token with other values is another request: refused, nothing written.
            var changed = form
            changed[4] = ("amount", "70.000")
            let refused = try await bursar.browser.post("/units/\(bursar.school)/cash", changed)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains(#"data-code="idempotency_key_reused""#))
            #expect(try await bursar.paid.receipts().count == 2)
            // A form without its token was not sent from the page.
            let bare = try await bursar.browser.post("/units/\(bursar.school)/cash", Array(form.filter { $0.0 != "_once" }))
            #expect(bare.status == .badRequest)
            #expect(try await bursar.paid.receipts().count == 2)
        }
    }

    @Test("a cash form against a bill, sent twice, pays and receipts the bill once", arguments: ServerDatabase.all)
    func cashForBillTwice(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            var bursar = try await Bursar(app)
            let page = try await bursar.page()
            let form = [
                ("_csrf", try Browser.csrf(in: page)), ("_once", try Browser.once(in: page, action: "/units/\(bursar.school)/cash")),
                ("bill", bursar.paid.bill.string("code")!.lowercased()),
            ]
            let first = try await bursar.browser.post("/units/\(bursar.school)/cash", form)
            let second = try await bursar.browser.post("/units/\(bursar.school)/cash", form)
            #expect(first.status == .seeOther && second.headers[.location] == first.headers[.location])
            #expect(try await bursar.paid.receipts().map { $0.int("billId") } == [bursar.paid.bill.int("id")])
            #expect(try await app.call(.get, "/v1/bills/\(bursar.paid.bill.int("id"))").json().string("status") == "paid")
        }
    }

    @Test("a match form sent twice receipts the transfer once, and the second sending shows the first's receipt", arguments: ServerDatabase.all)
    func matchTwice(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            var bursar = try await Bursar(app)
            let payment = try await bursar.paid.notify(#"{"transactionId": "FT9001", "amount": 600000, "content": "hoc phi be Binh"}"#).json()
                .int("paymentId")
            let page = try await bursar.page()
            let action = "/payments/\(payment)/match"
            let form = [
                ("_csrf", try Browser.csrf(in: page)), ("_once", try Browser.once(in: page, action: action)),
                ("bill", bursar.paid.bill.string("code")!),
            ]
            let first = try await bursar.browser.post(action, form)
            let second = try await bursar.browser.post(action, form)
            #expect(first.status == .seeOther && second.status == .seeOther, "\(second.text.prefix(500))")
            #expect(second.headers[.location] == first.headers[.location])
            #expect(try await bursar.browser.get(try #require(second.headers[.location])).text.contains("Đã ghi nhận chuyển khoản"))
            #expect(try await bursar.paid.receipts().count == 1)
        }
    }

    @Test("a replacement form sent twice replaces the receipt once; the second sending opens the same replacement", arguments: ServerDatabase.all)
    func mendTwice(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            var bursar = try await Bursar(app)
            let original = try await app.call(
                .post,
                "/v1/units/\(bursar.school)/receipts",
                json: #"{"payerName": "Trần Thu Hà", "feeType": "Quỹ lớp 3A", "amount": 50000, "method": "cash"}"#
            ).json().int("id")
            let page = try await bursar.browser.get("/receipts/\(original)").text
            let action = "/receipts/\(original)/mend"
            let form = [
                ("_csrf", try Browser.csrf(in: page)), ("_once", try Browser.once(in: page, action: action)), ("kind", "replace"),
                ("payerName", "Trần Thu Hà"), ("feeType", "Quỹ lớp 3A"), ("amount", "60000"),
            ]
            let first = try await bursar.browser.post(action, form)
            let second = try await bursar.browser.post(action, form)
            #expect(first.status == .seeOther && second.status == .seeOther, "\(second.text.prefix(500))")
            #expect(second.headers[.location] == first.headers[.location])
            #expect(try await bursar.paid.receipts().count == 2)
        }
    }

    @Test("the page offers each open bill once, however many transfers wait", arguments: ServerDatabase.all)
    func billsListedOnce(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            var bursar = try await Bursar(app)
            for _ in 0..<2 { try await app.call(.post, "/v1/units/\(bursar.school)/bills", json: BillRouteTests.bill) }
            for number in 1...4 {
                let body = #"{"transactionId": "FT95\#(number)", "amount": 1000, "content": "chuyen tien \#(number)"}"#
                #expect(try await bursar.paid.notify(body).json().string("status") == "unmatched")
            }
            let page = try await bursar.page()
            #expect(page.matches(of: /action="\/payments\/\d+\/match"/).count == 4)
            #expect(page.components(separatedBy: "<option ").count - 1 == 3, "three open bills, each offered once")
        }
    }

    @Test(
        "the bursar's forms and the bank's door answer alike for what does not exist and for what is another unit's",
        arguments: ServerDatabase.all
    )
    func noOracles(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            var bursar = try await Bursar(app)
            let other = try await PaidBill(app, signingKey: true)
            let theirPayment = try await other.notify(#"{"transactionId": "FT9101", "amount": 1000, "content": "x"}"#).json().int("paymentId")
            let page = try await bursar.page()
            let csrf = try Browser.csrf(in: page)
            let cash = "/units/\(bursar.school)/cash"

            // The cash form, by bill id (another unit's, and none) and by code.
            func cashFor(_ field: String, _ value: String) async throws -> TestResponse {
                try await bursar.browser.post(cash, [("_csrf", csrf), ("_once", UUID().uuidString), (field, value)])
            }
            let theirs = try await cashFor("billId", "\(other.bill.int("id"))")
            let none = try await cashFor("billId", "\(other.bill.int("id") + 1000)")
            #expect(theirs.status == none.status && theirs.status == .unprocessableContent)
            #expect(
                Self.problems(theirs)
                    == Self.problems(none).replacingOccurrences(of: "\(other.bill.int("id") + 1000)", with: "\(other.bill.int("id"))")
            )
            let theirCode = try await cashFor("bill", other.bill.string("code")!)
            let noCode = try await cashFor("bill", "HP26 22222")
            #expect(theirCode.status == noCode.status && Self.problems(theirCode) == Self.problems(noCode))

            // The match form, on another unit's payment and on none.
            let match = { (id: Int64) in "/payments/\(id)/match" }
            let theirMatch = try await bursar.browser.post(match(theirPayment), [("_csrf", csrf), ("_once", UUID().uuidString), ("feeType", "x")])
            let noMatch = try await bursar.browser.post(
                match(theirPayment + 1000),
                [("_csrf", csrf), ("_once", UUID().uuidString), ("feeType", "x")]
            )
            #expect(theirMatch.status == .notFound && noMatch.status == .notFound)
            #expect(try theirMatch.json().string("detail") == "payment \(theirPayment) does not exist")
            #expect(try noMatch.json().string("detail") == "payment \(theirPayment + 1000) does not exist")
            #expect(try await other.receipts().isEmpty)

            // The bank's door: a unit without a secret, no unit, and a wrong signature answer alike.
            let secretless = try await app.school("Trường Mầm non Điện Biên")
            let body = #"{"transactionId": "FT9102", "amount": 1000, "content": "x"}"#
            let signed = try bursar.paid.bank.headers(body, secret: String(repeating: "0", count: 64))
            var answers: [String] = []
            for unit in [secretless, secretless + 1000, bursar.school] {
                let response = try await app.call(.post, "/v1/hooks/bank/\(unit)", headers: signed, raw: body)
                #expect(response.status == .unauthorized)
                answers.append(try response.json().string("detail") ?? "")
            }
            #expect(Set(answers).count == 1, "\(answers)")
        }
    }

    /// The problems a page lists (their text), for comparing two answers.
    static func problems(_ response: TestResponse) -> String {
        response.text.matches(of: /<li data-field="[^"]*" data-code="[^"]*">[^<]*<\/li>/).map { String($0.output) }.joined(separator: "\n")
    }
}
