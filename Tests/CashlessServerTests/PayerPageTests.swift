import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReadBack
import Testing

/// The payer's page of a bill (`/p/<token>`), and what the unit may do to a bill's link and the
/// bill itself (renew, revoke, cancel).
@Suite("The payer's link: the bill to pay, then its receipt; nothing else")
struct PayerPageTests {
    static let billWithContacts =
        #"{"payerName": "Lê Văn Bình", "payerReference": "HS0042 3A", "feeType": "Học phí tháng 9", "amount": 1250000, "dueDate": "30/09/2026", "payerEmail": "phu.huynh.binh@example.vn", "payerPhone": "0912 345 678"}"#

    /// The path of a bill's link (`/p/<token>`), from its `payUrl`.
    static func path(_ bill: [String: Any]) throws -> String {
        let url = try #require(bill.string("payUrl"))
        #expect(url.hasPrefix("https://thu.example.vn/p/"))
        return String(url.dropFirst("https://thu.example.vn".count))
    }

    @Test(
        "an open bill's page: the unit, payer, fee, amount in figures and words, due date, the code to scan and save, the fields to copy; no contact",
        arguments: ServerDatabase.all
    )
    func openBill(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            let bill = try await app.call(.post, "/v1/units/\(school)/bills", json: Self.billWithContacts).json()
            #expect(bill.string("payerEmail") == "phu.huynh.binh@example.vn" && bill.string("payerPhone") == "+84912345678")
            let token = try #require(bill.string("payToken"))
            #expect(token.utf8.count == 32 && token != "\(bill.int("id"))", "192 bits, not the id")
            let path = try Self.path(bill)
            let response = try await app.call(.get, path, headers: [:])
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            let page = response.text
            #expect(response.body.readableBytes < 30_000, "\(response.body.readableBytes) bytes")
            for text in [
                "Trường Tiểu học Điện Biên", "Lê Văn Bình", "HS0042 3A", "Học phí tháng 9", "1.250.000 đ", "Một triệu hai trăm năm mươi nghìn đồng",
                "30/09/2026", "Vietcombank", "0011001234567", "TRUONG TIEU HOC DIEN BIEN", #"value="1250000""#, bill.string("code")!,
                "quét mã từ ảnh", #"<img src="\#(path)/qr.png""#, #"data-copy="f-content""#,
            ] {
                #expect(page.contains(text), "\(text)")
            }
            #expect(!page.contains("phu.huynh.binh") && !page.contains("0912") && !page.contains("+8491"), "contacts stay with the unit")
            #expect(!page.contains(#"action="/"#), "no form, no list, nothing else")

            let png = try await app.call(.get, path + "/qr.png", headers: [:])
            #expect(png.status == .ok && png.headers[.contentType] == "image/png")
            #expect(try ZBar.read(image: png.body.readableBytesView) == [bill.string("payload")!], "zbarimg reads the bill's own payload")
            #expect(try await app.call(.get, path + "/receipt.pdf", headers: [:]).status == .notFound, "no receipt before it is paid")

            let script = try await app.call(.get, "/assets/copy.js", headers: [:])
            #expect(script.status == .ok && script.text.contains("data-copy"))
        }
    }

    @Test(
        "a wrong, revoked or renewed link gets one neutral page, byte for byte; the code and the PDF behind it too",
        arguments: ServerDatabase.all
    )
    func neutral(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            let first = try await app.call(.post, "/v1/units/\(school)/bills", json: BillRouteTests.bill).json()
            let second = try await app.call(.post, "/v1/units/\(school)/bills", json: BillRouteTests.bill).json()
            let (firstPath, secondPath) = (try Self.path(first), try Self.path(second))
            let wrong = try await app.call(.get, "/p/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", headers: [:])
            #expect(wrong.status == .notFound)
            #expect(wrong.text.contains("Không mở được phiếu"))

            let renewed = try await app.call(.post, "/v1/bills/\(first.int("id"))/link/renew").json()
            let newPath = try Self.path(renewed)
            #expect(newPath != firstPath)
            let revoked = try await app.call(.post, "/v1/bills/\(second.int("id"))/link/revoke").json()
            #expect(revoked["payUrl"] is NSNull && revoked["payToken"] == nil)

            for path in [
                firstPath, secondPath, "/p/" + String(firstPath.dropFirst(3).dropLast()), "/p/x", "/p/" + String(repeating: "a", count: 500),
            ] {
                let answer = try await app.call(.get, path, headers: [:])
                #expect(answer.status == .notFound, "\(path)")
                #expect(answer.text == wrong.text, "\(path) looks like any wrong link")
                #expect(try await app.call(.get, path + "/qr.png", headers: [:]).text == wrong.text)
                #expect(try await app.call(.get, path + "/receipt.pdf", headers: [:]).text == wrong.text)
            }
            #expect(try await app.call(.get, newPath, headers: [:]).status == .ok, "the renewed link opens the bill")
            let back = try await app.call(.post, "/v1/bills/\(second.int("id"))/link/renew").json()
            #expect(try await app.call(.get, try Self.path(back), headers: [:]).status == .ok, "a revoked link can be given anew")
        }
    }

    @Test(
        "paid by the bank's notification, the same link shows the sealed receipt, its A5 and 58 mm PDFs and a verify link that says it is valid; a replacement shows instead",
        arguments: ServerDatabase.all
    )
    func paid(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let paid = try await PaidBill(app, signingKey: true)
            let path = try Self.path(paid.bill)
            #expect(try await paid.notify(paid.notification("FT9001")).status == .ok)
            let page = try await app.call(.get, path, headers: [:]).text
            let receipt = try #require(try await paid.receipts().first)
            let number = String(format: "%07d", receipt.int("number"))
            for text in ["Biên lai điện tử", "Đã nộp đủ", "\(receipt.string("series")!) \(number)", "1.250.000 đ", "Trường Tiểu học Điện Biên"] {
                #expect(page.contains(text), "\(text)")
            }
            #expect(!page.contains("Cách 1: quét mã QR"), "no code to pay a paid bill")
            #expect(try await app.call(.get, path + "/qr.png", headers: [:]).status == .notFound)
            let verify = try #require(page.firstMatch(of: /href="https:\/\/thu\.example\.vn(\/verify\?c=[^"]+)"/)?.1)
            #expect(try await app.call(.get, String(verify), headers: [:]).text.contains("Biên lai hợp lệ"))

            let folder = try ScratchDirectory()
            for (query, width) in [("", 148.0), ("?paper=58mm", 58.0)] {
                let pdf = try await app.call(.get, path + "/receipt.pdf" + query, headers: [:])
                #expect(pdf.status == .ok && pdf.headers[.contentType] == "application/pdf")
                let file = try folder.write(Array(pdf.body.readableBytesView), to: "receipt\(width).pdf")
                #expect(try Poppler.text(pdfAt: file).joined().contains(number))
                let size = try #require(try Poppler.pageSizes(pdfAt: file).first)
                #expect(abs(min(size.width, size.height) / 72 * 25.4 - width) < 1.5, "\(size)")
            }

            let replaced = try await app.call(
                .post,
                "/v1/receipts/\(receipt.int("id"))/replace",
                json: #"{"payerName": "Lê Văn Bình An", "feeType": "Học phí tháng 9", "amount": 1250000, "method": "qr"}"#
            ).json()
            let after = try await app.call(.get, path, headers: [:]).text
            #expect(after.contains("Lê Văn Bình An") && after.contains(String(format: "%07d", replaced.int("number"))), "the replacement stands")
            #expect(after.contains("Thay thế cho biên lai mẫu số EBL01, ký hiệu \(receipt.string("series")!), số \(number)"))
        }
    }

    @Test("a partly paid bill says what is still due", arguments: ServerDatabase.all)
    func partlyPaid(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let paid = try await PaidBill(app, signingKey: true)
            let bill = paid.bill
            // A person matches a short transfer to the bill: 250.000 of 1.250.000 received.
            let short =
                #"{"transactionId": "FT9002", "amount": 250000, "content": "IBFT \#(bill.string("code")!.replacingOccurrences(of: " ", with: ""))"}"#
            let payment = try await paid.notify(short).json()
            #expect(payment.string("status") == "partial")
            let matched = try await app.call(.post, "/v1/payments/\(payment.int("paymentId"))/match", json: #"{"billId": \#(bill.int("id"))}"#)
            #expect(matched.status == .ok || matched.status == .created, "\(matched.text)")
            let page = try await app.call(.get, try Self.path(bill), headers: [:]).text
            #expect(page.contains("Đã nhận 250.000 đ; còn phải nộp 1.000.000 đ"), "\(page)")
            #expect(page.contains(#"value="1000000""#), "the amount to copy is what is still due")
        }
    }
}

@Suite("Cancelling a bill issued by mistake")
struct BillCancelTests {
    @Test(
        "cancelled with a reason it is kept, its link says so, a transfer that names it waits in the inbox saying why; a paid bill is not cancelled",
        arguments: ServerDatabase.all
    )
    func cancel(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let paid = try await PaidBill(app, signingKey: true)
            let bill = paid.bill
            let id = bill.int("id")
            let empty = try await app.call(.post, "/v1/bills/\(id)/cancel", json: #"{"reason": "  "}"#)
            #expect(empty.status == .unprocessableContent)
            #expect(DoorMatrixTests.codes(empty, field: "reason") == ["required"])
            let commune = try await app.key(.commune, scope: try await app.ledger.unit(paid.school).communeId)
            #expect(try await app.call(.post, "/v1/bills/\(id)/cancel", headers: commune, json: #"{"reason": "x"}"#).status == .forbidden)
            let otherSchool = try await app.school("Trường Mầm non Hoa Sen")
            let other = try await app.key(.unit, scope: otherSchool)
            #expect(try await app.call(.post, "/v1/bills/\(id)/cancel", headers: other, json: #"{"reason": "x"}"#).status == .notFound)
            #expect(try await app.call(.get, "/v1/bills/\(id)").json().string("status") == "open", "nothing was changed")

            let cancelled = try await app.call(.post, "/v1/bills/\(id)/cancel", json: #"{"reason": "Lập trùng phiếu của em Bình"}"#)
            #expect(cancelled.status == .ok)
            let stored = try cancelled.json()
            #expect(stored.string("status") == "cancelled" && stored.string("cancelReason") == "Lập trùng phiếu của em Bình")
            #expect(stored.string("cancelledBy")?.hasPrefix("key:") == true && stored.string("cancelledAt") != nil)
            #expect(try await app.call(.post, "/v1/bills/\(id)/cancel", json: #"{"reason": "lần nữa"}"#).status == .conflict)

            let page = try await app.call(.get, try PayerPageTests.path(bill), headers: [:]).text
            #expect(page.contains("Phiếu đã huỷ") && page.contains("Lập trùng phiếu của em Bình") && !page.contains("Cách 1: quét mã QR"))

            let late = try await paid.notify(paid.notification("FT9100")).json()
            #expect(late.string("status") == "unmatched")
            let inbox = try await paid.payments(waiting: true)
            #expect(inbox.count == 1 && inbox[0].string("note")?.contains("phiếu đã huỷ \(bill.string("code")!)") == true, "\(inbox)")
            #expect(try await paid.receipts().isEmpty, "no receipt for a cancelled bill")
            let match = try await app.call(.post, "/v1/payments/\(late.int("paymentId"))/match", json: #"{"billId": \#(id)}"#)
            #expect(match.status == .conflict && match.text.contains("cancelled"))

            let second = try await app.call(.post, "/v1/units/\(paid.school)/bills", json: BillRouteTests.bill).json()
            let code = second.string("code")!.replacingOccurrences(of: " ", with: "")
            let body = #"{"transactionId": "FT9101", "amount": 1250000, "content": "IBFT \#(code)"}"#
            #expect(try await paid.notify(body).json().string("status") == "matched")
            let refused = try await app.call(.post, "/v1/bills/\(second.int("id"))/cancel", json: #"{"reason": "nhầm"}"#)
            #expect(refused.status == .conflict && refused.text.contains("replace or adjust"))
        }
    }

    @Test("the bursar cancels on the bill's page, sees the link to copy and the contacts; a reader sees no forms", arguments: ServerDatabase.all)
    func page(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            var bursar = try await Bursar(app)
            let bill = try await app.call(.post, "/v1/units/\(bursar.school)/bills", json: PayerPageTests.billWithContacts).json()
            let unitPage = try await bursar.page()
            #expect(unitPage.contains(#"<a href="/bills/\#(bill.int("id"))">"#))
            var page = try await bursar.browser.get("/bills/\(bill.int("id"))").text
            for text in [bill.string("payUrl")!, "phu.huynh.binh@example.vn", "0912 345 678", "Huỷ phiếu lập nhầm", "Thu hồi đường dẫn"] {
                #expect(page.contains(text), "\(text)")
            }
            let csrf = try Browser.csrf(in: page)
            let empty = try await bursar.browser.post("/bills/\(bill.int("id"))/cancel", [("_csrf", csrf), ("reason", "")])
            #expect(empty.status == .unprocessableContent && DoorMatrixTests.codes(empty, field: "reason") == ["required"])
            let done = try await bursar.browser.post("/bills/\(bill.int("id"))/cancel", [("_csrf", csrf), ("reason", "Nhập sai số tiền")])
            #expect(done.status == .seeOther)
            page = try await bursar.browser.get(try #require(done.headers[.location])).text
            #expect(page.contains("Đã huỷ phiếu") && page.contains("Nhập sai số tiền") && !page.contains("Huỷ phiếu lập nhầm"))

            let renew = try await bursar.browser.post("/bills/\(bill.int("id"))/link", [("_csrf", csrf), ("action", "renew")])
            #expect(renew.status == .seeOther)
            #expect(try await app.call(.get, try PayerPageTests.path(bill), headers: [:]).status == .notFound, "the old link is gone")

            try await app.user("can.bo.xa", role: .commune, scope: try await app.ledger.unit(bursar.school).communeId)
            var reader = Browser(app: app)
            _ = try await reader.signIn("can.bo.xa", "mật-khẩu-dài-2026")
            let seen = try await reader.get("/bills/\(bill.int("id"))").text
            #expect(seen.contains(bill.string("code")!) && !seen.contains(#"action="/bills/"#), "a commune officer reads, with no forms")
        }
    }
}
