import Foundation
import Hummingbird
import HummingbirdTesting
import ReadBack
import Testing

@Suite("Receipt documents: PDF (A5, 58 mm roll) and HTML with the seal")
struct ReceiptDocumentRouteTests {
    static let fee = #"{"payerName": "Trần Thị Ánh Tuyết", "payerReference": "BN00871", "feeType": "Khám bệnh", "amount": 35000, "method": "cash"}"#

    @Test("zbarimg reads the seal from both printed papers, and `cashless receipt verify` accepts the PDF", arguments: ServerDatabase.all)
    func pdf(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school("Trạm Y tế phường Điện Biên")
            let receipt = try await app.call(.post, "/v1/units/\(school)/receipts", json: Self.fee).json()
            let seal = try #require(receipt.string("seal"))
            let folder = try ScratchDirectory()
            for (query, name) in [("", "a5.pdf"), ("?paper=58mm", "roll.pdf")] {
                let response = try await app.call(.get, "/v1/receipts/\(receipt.int("id")).pdf\(query)")
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/pdf")
                let path = try folder.write(Array(response.body.readableBytesView), to: name)
                let pages = try Poppler.rasterise(pdfAt: path, dpi: 300, pageCount: 1, into: folder)
                #expect(try ZBar.read(imageAt: pages[0]) == [seal], "\(name)")
                let text = try Poppler.text(pdfAt: path).joined(separator: "\n")
                for expected in ["Trần Thị Ánh Tuyết", "Trạm Y tế phường Điện Biên", "Ba mươi lăm nghìn đồng", "Tra cứu / xác thực", "0000001"] {
                    #expect(text.contains(expected), "\(name) shows \(expected)")
                }
            }
            let trust = try folder.write(Array(try await app.call(.get, "/v1/trust-list", headers: [:]).body.readableBytesView), to: "trust.json")
            let verify = try run(
                ServerProcess.executable.path,
                [
                    "receipt", "verify", folder.url.appendingPathComponent("a5.pdf").path,
                    "--trust", trust,
                ]
            )
            #expect(verify.status == 0, "\(verify.text)\(verify.errors)")
            #expect(verify.text.contains("Receipt: valid"))
            #expect(verify.text.contains("Trần Thị Ánh Tuyết"))
        }
    }

    @Test("a replaced receipt prints its band, the replacement names the original", arguments: ServerDatabase.all)
    func replaced(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            let original = try await app.call(.post, "/v1/units/\(school)/receipts", json: Self.fee).json().int("id")
            let replacement = try await app.call(.post, "/v1/receipts/\(original)/replace", json: Self.fee).json().int("id")
            let folder = try ScratchDirectory()
            let old = try folder.write(Array(try await app.call(.get, "/v1/receipts/\(original).pdf").body.readableBytesView), to: "old.pdf")
            #expect(try Poppler.text(pdfAt: old).joined().contains("ĐÃ BỊ THAY THẾ"))
            let new = try folder.write(Array(try await app.call(.get, "/v1/receipts/\(replacement).pdf").body.readableBytesView), to: "new.pdf")
            #expect(
                try Poppler.text(pdfAt: new).joined(separator: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ").contains(
                    "Thay thế cho biên lai mẫu số EBL01, ký hiệu 26T, số 0000001"
                )
            )
            let page = try await app.call(.get, "/v1/receipts/\(original).html").text
            #expect(page.contains("ĐÃ BỊ THAY THẾ"))
        }
    }

    @Test(
        "the HTML receipt shows the fields, the seal as an SVG QR code and the verify link, and escapes the payer's text",
        arguments: ServerDatabase.all
    )
    func html(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            let receipt = try await app.call(
                .post,
                "/v1/units/\(school)/receipts",
                json:
                    #"{"payerName": "<script>alert(1)</script>", "feeType": "Học phí", "amount": 105000, "method": "qr"}"#
            ).json()
            let response = try await app.call(.get, "/v1/receipts/\(receipt.int("id")).html")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            let page = response.text
            #expect(!page.contains("<script>alert(1)</script>"))
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            for expected in [
                "BIÊN LAI THU PHÍ, LỆ PHÍ", "Một trăm linh năm nghìn đồng", "105.000 đ", "Tra cứu / xác thực", "<svg", "Chuyển khoản qua mã QR",
                "https://thu.example.vn/verify?c=BL1:",
            ] {
                #expect(page.contains(expected), "shows \(expected)")
            }
            #expect(page.utf8.count < 100_000)
        }
    }

    @Test("a unit without an address cannot print (TT 32/2025 needs it); a bad paper is refused", arguments: ServerDatabase.all)
    func refused(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let (_, market) = try await app.commune()
            try await app.signingKey(unit: market)
            let id = try await app.call(.post, "/v1/units/\(market)/receipts", json: Self.fee).json().int("id")
            let noAddress = try await app.call(.get, "/v1/receipts/\(id).pdf")
            #expect(noAddress.status == .conflict)
            #expect(try noAddress.json().string("detail")?.contains("PATCH /v1/units/\(market)") == true)
            try await app.call(.patch, "/v1/units/\(market)", json: #"{"address": "Chợ Điện Biên, phường Điện Biên"}"#)
            #expect(try await app.call(.get, "/v1/receipts/\(id).pdf").status == .ok)
            #expect(try await app.call(.get, "/v1/receipts/\(id).pdf?paper=a4").status == .badRequest)
        }
    }
}
