import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A bank's notification that pays a school's bill, whatever happens to its receipt.
struct PaidBill {
    let app: Harness
    let school: Int64
    let bill: [String: Any]
    let bank: Bank

    /// A school (with a signing key when `signingKey`) with one bill and its bank's secret.
    init(_ app: Harness, signingKey: Bool) async throws {
        self.app = app
        school = try await app.school(signingKey: signingKey)
        bill = try await app.call(.post, "/v1/units/\(school)/bills", json: BillRouteTests.bill).json()
        bank = Bank(secret: try #require(try await app.call(.post, "/v1/units/\(school)/hook-secret").json().string("secret")))
    }

    /// The notification of transfer `id`, paying the bill in full.
    func notification(_ id: String) -> String {
        #"{"transactionId": "\#(id)", "amount": 1250000, "content": "IBFT \#(bill.string("code")!.replacingOccurrences(of: " ", with: ""))"}"#
    }

    /// The bank sends `body`, signed now.
    func notify(_ body: String) async throws -> TestResponse {
        try await app.call(.post, "/v1/hooks/bank/\(school)", headers: try bank.headers(body), raw: body)
    }

    func receipts() async throws -> [[String: Any]] {
        try await app.call(.get, "/v1/units/\(school)/receipts").json().objects("items")
    }

    func payments(waiting: Bool? = nil) async throws -> [[String: Any]] {
        try await app.call(.get, "/v1/units/\(school)/payments" + (waiting.map { "?waiting=\($0)" } ?? "")).json().objects("items")
    }
}

@Suite("No payment lost: a transfer is recorded even when its receipt cannot be sealed")
struct PaymentNeverLostTests {
    @Test(
        "a notification for a unit without a signing key is recorded, answered 200 and shown in the inbox; sent again once the key is made, it is receipted once and recorded once",
        arguments: ServerDatabase.all
    )
    func withoutKey(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let paid = try await PaidBill(app, signingKey: false)
            let body = paid.notification("FT7001")
            let first = try await paid.notify(body)
            #expect(first.status == .ok, "\(first.text)")
            let answer = try first.json()
            #expect(answer.string("status") == "matched" && answer["duplicate"] as? Bool == false)
            #expect(answer["receiptId"] == nil)
            #expect(answer.string("receiptProblem")?.contains("chưa có khoá ký biên lai") == true, "\(answer)")
            #expect(try await app.call(.get, "/v1/bills/\(paid.bill.int("id"))").json().string("status") == "paid")
            let inbox = try await paid.payments(waiting: true)
            #expect(inbox.map { $0.int("id") } == [answer.int("paymentId")])
            #expect(inbox.first?.string("receiptProblem") == answer.string("receiptProblem"))

            try await app.user("thu.quy", role: .unit, scope: paid.school)
            var browser = Browser(app: app)
            _ = try await browser.signIn("thu.quy", "mật-khẩu-dài-2026")
            var page = try await browser.get("/units/\(paid.school)").text
            #expect(page.contains("Đã nhận tiền, chưa có biên lai"))
            #expect(page.contains("đơn vị chưa có khoá ký biên lai"))
            #expect(page.contains(#"action="/payments/\#(answer.int("paymentId"))/receipt""#))

            try await app.signingKey(unit: paid.school)
            let again = try await paid.notify(body).json()
            #expect(again["duplicate"] as? Bool == true)
            #expect(again.int("paymentId") == answer.int("paymentId"))
            let receiptId = again.int("receiptId")
            #expect(receiptId > 0 && again["receiptProblem"] == nil)
            #expect(try await paid.notify(body).json().int("receiptId") == receiptId)
            #expect(try await paid.receipts().map { $0.int("id") } == [receiptId])
            #expect(try await paid.payments().count == 1)
            #expect(try await paid.payments(waiting: true).isEmpty)
            let receipt = try await app.call(.get, "/v1/receipts/\(receiptId)").json()
            #expect(receipt.int("billId") == paid.bill.int("id") && receipt.string("method") == "qr" && receipt.string("payerName") == "Lê Văn Bình")
            #expect(try await app.call(.get, "/v1/bills/\(paid.bill.int("id"))").json().int("receiptId") == receiptId)
            page = try await browser.get("/units/\(paid.school)").text
            #expect(!page.contains("chưa có biên lai"))
        }
    }

    @Test(
        "a notification taken by a server that cannot read the unit's key file is recorded; the inbox's button receipts it once the file is back, once however often it is pressed",
        arguments: ServerDatabase.all
    )
    func keyFileMissing(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let paid = try await PaidBill(app, signingKey: false)
            let key = try await app.signingKey(unit: paid.school)
            let file = app.keys.folder.appendingPathComponent("\(key.publicKey.kidHex).pem")
            let aside = file.appendingPathExtension("aside")
            try FileManager.default.moveItem(at: file, to: aside)

            let answer = try await paid.notify(paid.notification("FT7002")).json()
            #expect(answer.string("status") == "matched" && answer["receiptId"] == nil)
            #expect(answer.string("receiptProblem")?.contains("không đọc được khoá ký \(key.publicKey.kidHex)") == true, "\(answer)")
            #expect(answer.string("receiptProblem")?.contains(app.keys.folder.path) == false, "no server path for the bursar")
            let payment = answer.int("paymentId")

            try await app.user("thu.quy", role: .unit, scope: paid.school)
            var browser = Browser(app: app)
            _ = try await browser.signIn("thu.quy", "mật-khẩu-dài-2026")
            let csrf = try Browser.csrf(in: try await browser.get("/units/\(paid.school)").text)
            let stillMissing = try await browser.post("/payments/\(payment)/receipt", [("_csrf", csrf)])
            #expect(stillMissing.status == .conflict)
            #expect(stillMissing.text.contains("chưa lập được biên lai") && stillMissing.text.contains("không đọc được khoá ký"))
            #expect(try await paid.receipts().isEmpty)

            try FileManager.default.moveItem(at: aside, to: file)
            let statuses = try await withThrowingTaskGroup(of: (HTTPResponse.Status, Int64).self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let response = try await app.call(.post, "/v1/payments/\(payment)/receipt")
                        return (response.status, try response.json().int("id"))
                    }
                }
                return try await group.reduce(into: [(HTTPResponse.Status, Int64)]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0.0 == .created }.count == 1)
            #expect(statuses.filter { $0.0 == .ok }.count == 7)
            #expect(Set(statuses.map(\.1)).count == 1)
            let pressed = try await browser.post("/payments/\(payment)/receipt", [("_csrf", csrf)])
            #expect(pressed.status == .seeOther)
            let notice = try await browser.get(try #require(pressed.headers[.location])).text
            #expect(notice.contains("Đã lập biên lai") && notice.contains("0000001 cho chuyển khoản đã nhận"))
            #expect(try await paid.receipts().map { $0.int("id") } == [statuses[0].1])
            #expect(try await paid.payments(waiting: true).isEmpty)
        }
    }

    @Test(
        "a statement whose line pays a bill is recorded when the receipt cannot be sealed; imported again after the key is made, it is receipted and counted once",
        arguments: ServerDatabase.all
    )
    func statement(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let paid = try await PaidBill(app, signingKey: false)
            let csv = """
                Ngày giao dịch,Số tham chiếu,Ghi nợ,Ghi có,Nội dung,Người chuyển
                01/10/2026 08:15:00,FT7003,,1.250.000,IBFT \(paid.bill.string("code")!),LE VAN BINH
                """
            let first = try await app.call(.post, "/v1/units/\(paid.school)/statements", csv: csv)
            #expect(first.status == .ok, "\(first.text)")
            let summary = try first.json()
            #expect(summary.int("recorded") == 1 && summary.int("matched") == 1 && summary.int("receiptsWaiting") == 1)
            try await app.signingKey(unit: paid.school)
            let again = try await app.call(.post, "/v1/units/\(paid.school)/statements", csv: csv).json()
            #expect(again.int("recorded") == 0 && again.int("duplicates") == 1 && again.int("receiptsWaiting") == 0)
            #expect(try await paid.receipts().count == 1)
            #expect(try await paid.payments().count == 1)
        }
    }

    @Test("the service tries the receipts that wait again by itself, and issues each once", arguments: ServerDatabase.all)
    func retriedByTheService(database: ServerDatabase) async throws {
        try await Harness.run(on: database, receiptRetry: .milliseconds(50)) { app in
            let paid = try await PaidBill(app, signingKey: false)
            let answer = try await paid.notify(paid.notification("FT7004")).json()
            #expect(answer["receiptId"] == nil)
            try await app.signingKey(unit: paid.school)
            var receipted: [[String: Any]] = []
            for _ in 0..<400 where receipted.isEmpty {
                receipted = try await paid.payments(waiting: false)
                if receipted.isEmpty { try await Task.sleep(for: .milliseconds(25)) }
            }
            #expect(receipted.map { $0.int("id") } == [answer.int("paymentId")], "receipted within 10 s")
            let receipts = try await paid.receipts()
            #expect(receipts.count == 1)
            #expect(receipted.first?.int("receiptId") == receipts.first?.int("id"))
        }
    }
}
