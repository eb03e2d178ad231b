import Foundation
import Hummingbird
import HummingbirdTesting
import ReadBack
import Testing

@Suite("Bills over HTTP: one, a class list, their QR codes and slips")
struct BillRouteTests {
    static let bill =
        #"{"payerName": "Lê Văn Bình", "payerReference": "HS0042 3A", "feeType": "Học phí tháng 9", "amount": 1250000, "dueDate": "30/09/2026"}"#

    @Test(
        "a bill gets a code like HP26 7K3QX and a dynamic VietQR to the school's account with the code as its content",
        arguments: ServerDatabase.all
    )
    func create(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            let response = try await app.call(.post, "/v1/units/\(school)/bills", json: Self.bill)
            #expect(response.status == .created)
            let bill = try response.json()
            let code = try #require(bill.string("code"))
            #expect(code.wholeMatch(of: /HP26 [2-9A-HJKMNP-TV-Z]{5}/) != nil, "\(code)")
            #expect(bill.string("status") == "open")
            #expect(bill.string("dueDate") == "2026-09-30")
            let payload = try #require(bill.string("payload"))
            let decoded = try await app.call(.post, "/v1/qr/decode", headers: [:], json: #"{"payload": "\#(payload)"}"#).json()
            #expect(decoded["valid"] as? Bool == true)
            #expect(decoded.string("scheme") == "vietqr")
            #expect((decoded["bank"] as? [String: Any])?.string("bin") == "970436")
            #expect(decoded.string("account") == "0011001234567")
            #expect(decoded.int("amount") == 1_250_000)
            #expect(decoded.string("purpose") == code)
            #expect(decoded.string("billNumber") == code.replacingOccurrences(of: " ", with: ""))
            #expect(decoded.string("initiation") == "dynamic")
            let png = try await app.call(.get, try #require(bill.string("qrUrl")))
            #expect(try ZBar.read(image: Array(png.body.readableBytesView)) == [payload])
        }
    }

    @Test(
        "a class list makes every bill or none, each bad row named by line and column; ?dryRun=true only checks",
        arguments: ServerDatabase.all
    )
    func importList(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            let good =
                "\u{FEFF}Họ tên;Mã học sinh;Lớp;Khoản thu;Số tiền;Hạn nộp\nLê Văn Bình;HS0042;3A;Học phí tháng 9;1.250.000;30/09/2026\n"
                + "Nguyễn Thị Hoà;HS0043;3A;Học phí tháng 9;1.250.000;30/09/2026\nPhạm Minh Đức;HS0044;3A;Bán trú tháng 9;650.000 đ;\n"
            let dry = try await app.call(.post, "/v1/units/\(school)/bills/import?dryRun=true", csv: good)
            #expect(dry.status == .ok)
            #expect(try dry.json().int("bills") == 3)
            #expect(try await app.call(.get, "/v1/units/\(school)/bills").json().objects("items").isEmpty)

            let bad = good + "Trần Văn An;HS0045;3A;;12,5;31/02/2026\n"
            let refused = try await app.call(.post, "/v1/units/\(school)/bills/import", csv: bad)
            #expect(refused.status == .unprocessableContent)
            let errors = try refused.json().objects("errors")
            #expect(errors.allSatisfy { $0.int("line") == 5 })
            #expect(Set(errors.compactMap { $0.string("column") }) == ["Khoản thu", "Số tiền", "Hạn nộp"])
            #expect(Set(errors.compactMap { $0.string("code") }) == ["required", "amount_decimals", "invalid_date"])
            #expect(try await app.call(.get, "/v1/units/\(school)/bills").json().objects("items").isEmpty)

            let created = try await app.call(.post, "/v1/units/\(school)/bills/import", csv: good)
            #expect(created.status == .created)
            let bills = try created.json().objects("created")
            #expect(bills.map { $0.string("payerReference") } == ["HS0042 3A", "HS0043 3A", "HS0044 3A"])
            #expect(Set(bills.compactMap { $0.string("code") }).count == 3)
            #expect(bills.map { $0.int("amount") } == [1_250_000, 1_250_000, 650_000])
        }
    }

    @Test(
        "bills.pdf prints every open bill's slip; zbarimg finds each payload once, and each payer's link as the slip's second code",
        arguments: ServerDatabase.all
    )
    func slips(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            var csv = "payer,code,class,fee,amount,due\n"
            for number in 1...6 { csv += "Học sinh \(number),HS00\(number),5B,Học phí tháng 10,900000,2026-10-31\n" }
            let bills = try await app.call(.post, "/v1/units/\(school)/bills/import", csv: csv).json().objects("created")
            let response = try await app.call(.get, "/v1/units/\(school)/bills.pdf")
            #expect(response.status == .ok)
            let folder = try ScratchDirectory()
            let path = try folder.write(Array(response.body.readableBytesView), to: "bills.pdf")
            let pages = try Poppler.rasterise(pdfAt: path, dpi: 200, pageCount: 2, into: folder)
            let read = try ZBar.read(pagesAt: pages, expected: [8, 4]).flatMap { $0 }
            let links = bills.compactMap { $0.string("payUrl") }
            #expect(links.count == bills.count && links.allSatisfy { $0.hasPrefix("https://thu.example.vn/p/") })
            #expect(read.sorted() == (bills.compactMap { $0.string("payload") } + links).sorted())
            let text = try Poppler.text(pdfAt: path).joined(separator: "\n")
            for bill in bills { #expect(text.contains(bill.string("code")!)) }
            // The link is printed as text too (pdftotext may break it across lines), its code labelled not to pay with.
            let unbroken = text.filter { !$0.isWhitespace }
            for link in links { #expect(unbroken.contains(link)) }
            #expect(text.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("mã nhỏ này không dùng để chuyển khoản"))
            #expect(text.contains("trang 2/2"))
        }
    }

    @Test("a school without a bank account cannot bill; other keys cannot bill for it", arguments: ServerDatabase.all)
    func refused(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let (commune, _) = try await app.commune()
            let school = try await app.call(.post, "/v1/units", json: #"{"kind": "school", "name": "Trường Mầm non", "communeId": \#(commune)}"#)
                .json().int("id")
            let response = try await app.call(.post, "/v1/units/\(school)/bills", json: Self.bill)
            #expect(response.status == .conflict)
            #expect(try response.json().string("detail")?.contains("bankAccount") == true)
            let communeKey = try await app.key(.commune, scope: commune)
            #expect(try await app.call(.post, "/v1/units/\(school)/bills", headers: communeKey, json: Self.bill).status == .forbidden)
        }
    }
}
