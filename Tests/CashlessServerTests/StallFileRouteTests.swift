import Foundation
import Hummingbird
import HummingbirdTesting
import ReadBack
import Testing

@Suite("Stall imports, codes from QR, images and print files")
struct StallFileRouteTests {
    static let csv = """
        Quầy;Họ tên;Ngân hàng;Số tài khoản;Chủ tài khoản;Trạng thái
        Q1;Nguyễn Thị Hoà;Vietcombank;0011001800879;NGUYEN THI HOA;qr_displayed
        Q2;Trần Văn Đức;970415;113366668888;TRAN VAN DUC;has_account
        Q3;Lê Thị Ánh;MB;0123456789;LE THI ANH;qr_issued

        """

    @Test("CSV import: dry run writes nothing, the import creates, importing again changes nothing", arguments: ServerDatabase.all)
    func importCSV(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let (_, market) = try await app.commune()
            let dry = try await app.call(.post, "/v1/markets/\(market)/vendors/import?dryRun=true", csv: Self.csv).json()
            #expect(dry.int("created") == 3)
            #expect(try await app.call(.get, "/v1/markets/\(market)/vendors").json().objects("items").isEmpty)
            #expect(try await app.call(.post, "/v1/markets/\(market)/vendors/import", csv: Self.csv).json().int("created") == 3)
            let again = try await app.call(.post, "/v1/markets/\(market)/vendors/import", csv: Self.csv).json()
            #expect(again.int("created") == 0 && again.int("unchanged") == 3)
            #expect(try await app.call(.get, "/v1/markets/\(market)/vendors").json().objects("items").count == 3)
        }
    }

    @Test("A bad CSV: 422 with every bad row's line, column and reason, and nothing imported", arguments: ServerDatabase.all)
    func badCSV(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let (_, market) = try await app.commune()
            let bad = Self.csv + "Q1;Đỗ Văn Em;Ngân hàng Mặt Trăng;1;DO VAN EM;\n"
            let response = try await app.call(.post, "/v1/markets/\(market)/vendors/import", csv: bad)
            #expect(response.status == .unprocessableContent)
            let errors = try response.json().objects("errors")
            #expect(errors.map { $0["line"] as? Int } == [5, 5])
            #expect(errors.map { $0["column"] as? String } == ["Quầy", "Ngân hàng"])
            #expect(errors.map { $0["field"] as? String } == ["stall", "bank"])
            #expect(errors.map { $0["code"] as? String } == ["duplicate", "unknown_bank"])
            #expect(try await app.call(.get, "/v1/markets/\(market)/vendors").json().objects("items").isEmpty)
        }
    }

    @Test(
        "A stall registers from the VietQR it displays; a code with a wrong CRC or not VietQR is refused, saying why",
        arguments: ServerDatabase.all
    )
    func fromQR(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let (_, market) = try await app.commune()
            let payload =
                "00020101021138570010A00000072701270006970403011300110123456780208QRIBFTTA53037045802VN5914Nguyen Thi Hoa64240002vi0114Nguyễn Thị Hoà6304"
            let sealed = payload + String(format: "%04X", crc(payload))
            let created = try await app.call(.post, "/v1/markets/\(market)/vendors/from-qr", json: #"{"stall": "Q7", "payload": "\#(sealed)"}"#)
            #expect(created.status == .created)
            let stall = try created.json()
            #expect(stall.string("bank") == "970403")
            #expect(stall.string("account") == "0011012345678")
            #expect(stall.string("name") == "Nguyễn Thị Hoà")
            #expect(stall.string("status") == "qr_displayed")
            let tampered = try await app.call(
                .post,
                "/v1/markets/\(market)/vendors/from-qr",
                json: #"{"stall": "Q8", "payload": "\#(sealed.replacingOccurrences(of: "970403", with: "970405"))"}"#
            )
            #expect(tampered.status == .unprocessableContent)
            #expect(tampered.text.contains("crc_mismatch"))
            let vnpay =
                "00020101021126280010A000000775011001087990425204597753037045802VN5909MYPHAMHER6005HANOI62260311MY PHAM HER0707MPHER0163041C50"
            let refused = try await app.call(.post, "/v1/markets/\(market)/vendors/from-qr", json: #"{"stall": "Q9", "payload": "\#(vnpay)"}"#)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("not a VietQR"))
        }
    }

    @Test("A stall's QR image holds its static code; the market sheet PDF shows its names", arguments: ServerDatabase.all)
    func images(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let (_, market) = try await app.commune()
            try await app.call(.post, "/v1/markets/\(market)/vendors/import", csv: Self.csv)
            let first = try await app.call(.get, "/v1/markets/\(market)/vendors").json().objects("items")[0]
            let png = try await app.call(.get, "/v1/vendors/\((first["id"] as! NSNumber).int64Value)/qr.png")
            #expect(png.headers[.contentType] == "image/png")
            let codes = try ZBar.read(image: Array(buffer: png.body))
            #expect(codes.count == 1 && codes[0].contains("0011001800879") && codes[0].contains("0302Q1"))
            let sheet = try await app.call(.get, "/v1/markets/\(market)/sheet.pdf?perPage=4")
            #expect(sheet.headers[.contentType] == "application/pdf")
            let directory = try ScratchDirectory()
            let text = try Poppler.text(pdfAt: directory.write(Array(buffer: sheet.body), to: "sheet.pdf")).joined(separator: "\n")
            #expect(text.contains("Nguyễn Thị Hoà") && text.contains("Trần Văn Đức") && text.contains("Lê Thị Ánh"))
        }
    }

    @Test("The public quick link draws a VietQR from query parameters and names every bad one", arguments: ServerDatabase.all)
    func quickLink(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let good = try await app.call(.get, "/v1/qr.png?bank=VCB&account=0011001800879&amount=150000&purpose=Hoc%20phi", headers: [:])
            #expect(good.status == .ok)
            let codes = try ZBar.read(image: Array(buffer: good.body))
            #expect(codes.first?.contains("5406150000") == true)
            let bad = try await app.call(.get, "/v1/qr.svg?bank=Nowhere&amount=1.5", headers: [:])
            #expect(bad.status == .badRequest)
            #expect(Set(try bad.json().objects("errors").compactMap { $0["field"] as? String }) == ["account", "bank", "amount"])
        }
    }

    @Test("POST /v1/qr/decode gives the same JSON as the command line's --json", arguments: ServerDatabase.all)
    func decode(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let payload =
                "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E"
            let report = try await app.call(.post, "/v1/qr/decode", headers: [:], json: #"{"payload": "\#(payload)"}"#).json()
            #expect(report["valid"] as? Bool == true)
            #expect(report["amount"] as? Int == 180_000)
            #expect((report["bank"] as? [String: Any])?["shortName"] as? String == "Sacombank")
        }
    }

    private func crc(_ text: String) -> UInt16 {
        var crc: UInt16 = 0xFFFF
        for byte in text.utf8 {
            crc ^= UInt16(byte) << 8
            for _ in 0..<8 { crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1 }
        }
        return crc
    }
}
