import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Testing

@Suite("Web pages: the bursar and the commune officer")
struct BursarPageTests {
    @Test(
        "a bursar makes bills (one, a class list), sees a paid one receipted, matches a partial transfer, takes cash, and replaces a receipt",
        arguments: ServerDatabase.all
    )
    func bursar(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            try await app.user("thu.quy", role: .unit, scope: school)
            var browser = Browser(app: app)
            _ = try await browser.signIn("thu.quy", "mật-khẩu-dài-2026")
            #expect(try await browser.get("/").headers[.location] == "/units/\(school)")
            var page = try await browser.get("/units/\(school)")
            let csrf = try Browser.csrf(in: page.text)
            let made = try await browser.post(
                "/units/\(school)/bills",
                [
                    ("_csrf", csrf), ("payerName", "Lê Văn Bình"),
                    ("payerReference", "HS0042 3A"), ("feeType", "Học phí tháng 9"), ("amount", "1.250.000"), ("dueDate", "30/09/2026"),
                ]
            )
            #expect(made.status == .seeOther)
            page = try await browser.get(made.headers[.location]!)
            let code = try #require(page.text.firstMatch(of: /Đã lập phiếu (HP26 [0-9A-Z]{5})/)?.1).description

            let bad = try await browser.upload(
                "/units/\(school)/bills/import",
                csrf: csrf,
                file: "Họ tên,Mã học sinh,Lớp,Khoản thu,Số tiền\nNguyễn Thị Hoà,HS0043,3A,Học phí tháng 9,1250000\nPhạm Minh Đức,HS0044,3A,,12.5\n"
            )
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("dòng 3"))
            let good = try await browser.upload(
                "/units/\(school)/bills/import",
                csrf: csrf,
                file:
                    "Họ tên,Mã học sinh,Lớp,Khoản thu,Số tiền\nNguyễn Thị Hoà,HS0043,3A,Học phí tháng 9,1250000\nPhạm Minh Đức,HS0044,3A,Học phí tháng 9,1250000\n"
            )
            #expect(try await browser.get(good.headers[.location]!).text.contains("Đã lập 2 phiếu báo thu."))

            // The bank notifies two transfers: one pays the first bill, one is short.
            let secret = try await app.call(.post, "/v1/units/\(school)/hook-secret").json().string("secret")!
            let bank = Bank(secret: secret)
            let full = #"{"transactionId": "FT1", "amount": 1250000, "content": "IBFT \#(code.replacingOccurrences(of: " ", with: ""))"}"#
            #expect(
                try await app.call(.post, "/v1/hooks/bank/\(school)", headers: try bank.headers(full), raw: full).json().string("status") == "matched"
            )
            let short = #"{"transactionId": "FT2", "amount": 600000, "content": "hoc phi be Hoa 3A"}"#
            _ = try await app.call(.post, "/v1/hooks/bank/\(school)", headers: try bank.headers(short), raw: short)
            page = try await browser.get("/units/\(school)")
            #expect(page.text.contains("Lê Văn Bình") && page.text.contains("hoc phi be Hoa 3A"))
            let payment = try #require(page.text.firstMatch(of: /action="\/payments\/(\d+)\/match"/)?.1).description
            let hoa = try #require(page.text.firstMatch(of: /<option value="(HP26 [0-9A-Z]{5})">Nguyễn Thị Hoà/)?.1).description
            let matched = try await browser.post(
                "/payments/\(payment)/match",
                [("_csrf", csrf), ("_once", try Browser.once(in: page.text, action: "/payments/\(payment)/match")), ("bill", hoa)]
            )
            page = try await browser.get(matched.headers[.location]!)
            #expect(page.text.contains("Đã ghi nhận chuyển khoản"))
            #expect(page.text.contains("Không có chuyển khoản nào chờ xử lý."))

            let cash = try await browser.post(
                "/units/\(school)/cash",
                [
                    ("_csrf", csrf), ("_once", try Browser.once(in: page.text, action: "/units/\(school)/cash")), ("payerName", "Trần Thu Hà"),
                    ("feeType", "Quỹ lớp 3A"), ("amount", "50000"),
                ]
            )
            page = try await browser.get(cash.headers[.location]!)
            #expect(page.text.contains("(tiền mặt)"))
            let receipt = try #require(page.text.firstMatch(of: /href="\/receipts\/(\d+)">26T 0000003/)?.1).description
            let receiptPage = try await browser.get("/receipts/\(receipt)")
            #expect(receiptPage.text.contains("Trần Thu Hà") && receiptPage.text.contains("Tra cứu / xác thực"))
            let mended = try await browser.post(
                "/receipts/\(receipt)/mend",
                [
                    ("_csrf", Browser.csrf(in: receiptPage.text)),
                    ("_once", try Browser.once(in: receiptPage.text, action: "/receipts/\(receipt)/mend")),
                    ("kind", "replace"),
                    ("payerName", "Trần Thu Hà"), ("feeType", "Quỹ lớp 3A"), ("amount", "60000"),
                ]
            )
            #expect(mended.status == .seeOther)
            #expect(try await browser.get(mended.headers[.location]!).text.contains("Thay thế cho biên lai"))
            #expect(try await browser.get("/receipts/\(receipt)").text.contains("ĐÃ BỊ THAY THẾ"))
            let pdf = try await browser.get("/receipts/\(receipt).pdf?paper=58mm")
            #expect(pdf.headers[.contentType] == "application/pdf")
        }
    }

    @Test("a commune officer sees every unit with its criterion, the shares by month as SVG, and the CSV", arguments: ServerDatabase.all)
    func commune(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let (commune, market) = try await app.commune()
            try await app.call(
                .post,
                "/v1/markets/\(market)/vendors/import",
                csv:
                    "stall,name,bank,account,holder,status\nQ1,Người bán 1,VCB,0011001800001,NGUOI BAN,qr_displayed\nQ2,Người bán 2,VCB,0011001800002,NGUOI BAN,qr_issued\n"
            )
            try await app.user("can.bo", role: .commune, scope: commune)
            var browser = Browser(app: app)
            _ = try await browser.signIn("can.bo", "mật-khẩu-dài-2026")
            #expect(try await browser.get("/").headers[.location] == "/communes/\(commune)")
            let page = try await browser.get("/communes/\(commune)")
            #expect(page.status == .ok)
            #expect(page.text.contains("Chưa đạt tiêu chí không dùng tiền mặt"))
            #expect(page.text.contains("50,0%") && page.text.contains("70,0%"), "percents written the Vietnamese way")
            #expect(page.text.contains("<svg") && page.text.contains("Quầy treo mã QR"))
            #expect(page.text.contains("href=\"/markets/\(market)\""))
            #expect(page.text.utf8.count < 100_000)
            let csv = try await browser.get("/communes/\(commune)/cashless.csv")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.text.contains("Tiêu chí,Giá trị"))
            #expect(try await browser.get("/communes/\(commune + 1)").status == .notFound)
        }
    }
}
