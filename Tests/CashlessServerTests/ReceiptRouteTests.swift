import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import QRCode
import Receipts
import Testing

/// A tuition payment as a bursar's form posts it.
private let tuition =
    #"{"payerName": "Nguyễn Thị Hoà", "payerReference": "HS0512 5A", "feeType": "Học phí tháng 9", "amount": 105000, "method": "qr"}"#

@Suite("Receipts over HTTP: issue, read, replace, verify")
struct ReceiptRouteTests {
    @Test(
        "a receipt is issued sealed and numbered, with its amount in words; the same Idempotency-Key issues nothing new",
        arguments: ServerDatabase.all
    )
    func issue(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            var headers = app.admin
            headers[.init("Idempotency-Key")!] = "phieu-0001"
            let response = try await app.call(.post, "/v1/units/\(school)/receipts", headers: headers, json: tuition)
            #expect(response.status == .created)
            let receipt = try response.json()
            #expect(receipt.string("formCode") == "EBL01")
            #expect(receipt.string("series") == "26T")
            #expect(receipt.int("number") == 1)
            #expect(receipt.int("amount") == 105_000)
            #expect(receipt.string("amountInWords") == "Một trăm linh năm nghìn đồng")
            #expect(receipt.string("status") == "issued")
            #expect(receipt.string("issuedAt") != nil)
            let seal = try #require(receipt.string("seal"))
            #expect(seal.hasPrefix("BL1:"))
            #expect(receipt.string("verifyUrl")?.hasPrefix("https://thu.example.vn/verify?c=BL1:") == true)

            let again = try await app.call(.post, "/v1/units/\(school)/receipts", headers: headers, json: tuition)
            #expect(again.status == .ok)
            #expect(again.headers[.init("Idempotent-Replayed")!] == "true")
            #expect(try again.json().int("id") == receipt.int("id"))
            let list = try await app.call(.get, "/v1/units/\(school)/receipts").json().objects("items")
            #expect(list.map { $0.int("number") } == [1])
            #expect(try await app.call(.get, "/v1/receipts/\(receipt.int("id"))").json().string("seal") == seal)
        }
    }

    @Test("the seal a receipt gets is valid under the trust list the service publishes, checked offline", arguments: ServerDatabase.all)
    func offline(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            let seal = try #require(try await app.call(.post, "/v1/units/\(school)/receipts", json: tuition).json().string("seal"))
            // No key: anyone may fetch the lists.
            let trustBody = try await app.call(.get, "/v1/trust-list", headers: [:])
            #expect(trustBody.status == .ok)
            let trust = try TrustList.read(Array(trustBody.body.readableBytesView))
            #expect(trust.isSigned())
            #expect(trust.keys.map(\.unitName) == ["Trường Tiểu học Điện Biên"])
            #expect(trust.keys.first?.taxCode == "2801234567")
            let result = SealVerifier(trustList: trust).verify(seal)
            #expect(result.verdict == .valid)
            #expect(result.claims?.payerName == "Nguyễn Thị Hoà")
            #expect(result.claims?.amount == 105_000)
            #expect(result.claims?.feeLabel == "Học phí tháng 9")
        }
    }

    @Test("the unit's options give 'ngàn' and 'chẵn' and its form code", arguments: ServerDatabase.all)
    func options(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            let changed = try await app.call(
                .patch,
                "/v1/units/\(school)",
                json: #"{"wordsChan": true, "wordsNgan": true, "receiptFormCode": "EBL02"}"#
            )
            #expect(changed.status == .ok)
            #expect(try changed.json()["wordsChan"] as? Bool == true)
            let receipt = try await app.call(.post, "/v1/units/\(school)/receipts", json: tuition).json()
            #expect(receipt.string("amountInWords") == "Một trăm linh năm ngàn đồng chẵn")
            #expect(receipt.string("formCode") == "EBL02")
            let bad = try await app.call(.patch, "/v1/units/\(school)", json: #"{"receiptFormCode": "01GTKT"}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(try bad.json().objects("errors").first?.string("field") == "receiptFormCode")
        }
    }

    @Test("a unit without a signing key, or a bad body, is refused saying why, and takes no number", arguments: ServerDatabase.all)
    func refused(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let (_, market) = try await app.commune()
            let noKey = try await app.call(.post, "/v1/units/\(market)/receipts", json: tuition)
            #expect(noKey.status == .conflict)
            #expect(try noKey.json().string("detail")?.contains("cashless keys generate --unit \(market)") == true)
            try await app.signingKey(unit: market)
            let bad = try await app.call(
                .post,
                "/v1/units/\(market)/receipts",
                json:
                    #"{"payerName": " ", "feeType": "Phí chợ", "amount": 0, "method": "qr"}"#
            )
            #expect(bad.status == .unprocessableContent)
            #expect(try bad.json().objects("errors").compactMap { $0.string("field") } == ["payerName", "amount"])
            let long = try await app.call(
                .post,
                "/v1/units/\(market)/receipts",
                json: #"""
                    {"payerName": "Nguyễn Thị Hoà Bình An Khang Thịnh Vượng", "payerReference": "Quầy A-12 dãy hàng khô",
                     "feeType": "Phí sử dụng diện tích bán hàng tháng 9 năm 2026", "amount": 300000, "method": "cash"}
                    """#
            )
            #expect(long.status == .unprocessableContent)
            #expect(try long.json().objects("errors").first?.string("reason")?.contains("more than the 100") == true)
            let first = try await app.call(.post, "/v1/units/\(market)/receipts", json: tuition).json()
            #expect(first.int("number") == 1)
        }
    }

    @Test("replacing a receipt issues the next number, marks the original, and every verifier learns it", arguments: ServerDatabase.all)
    func replace(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            let original = try await app.call(.post, "/v1/units/\(school)/receipts", json: tuition).json()
            let corrected = tuition.replacingOccurrences(of: "Nguyễn Thị Hoà", with: "Nguyễn Thị Hòa An")
            let response = try await app.call(.post, "/v1/receipts/\(original.int("id"))/replace", json: corrected)
            #expect(response.status == .created)
            let replacement = try response.json()
            #expect(replacement.int("number") == 2)
            #expect(replacement.int("supersedesId") == original.int("id"))
            #expect(try await app.call(.get, "/v1/receipts/\(original.int("id"))").json().string("status") == "replaced")
            let twice = try await app.call(.post, "/v1/receipts/\(original.int("id"))/adjust", json: corrected)
            #expect(twice.status == .conflict)

            let statusBody = try await app.call(.get, "/v1/units/\(school)/status-list?series=26T", headers: [:])
            #expect(statusBody.status == .ok)
            let status = try StatusList.read(Array(statusBody.body.readableBytesView))
            #expect(status.entries == [.init(formCode: "EBL01", series: "26T", number: 1, status: .replaced, by: "EBL01 26T 0000002")])
            let trust = try TrustList.read(Array(try await app.call(.get, "/v1/trust-list", headers: [:]).body.readableBytesView))
            #expect(status.isSigned(pinned: try trust.signer.publicKey()))
            let offline = SealVerifier(trustList: trust, statusLists: [status])
            #expect(offline.verify(try #require(original.string("seal"))).verdict == .replaced)
            let new = offline.verify(try #require(replacement.string("seal")))
            #expect(new.verdict == .valid)
            #expect(new.claims?.supersedes == .init(kind: .replaces, series: "26T", number: 1))

            let online = try await app.call(.post, "/v1/verify", headers: [:], json: #"{"code": "\#(original.string("seal")!)"}"#).json()
            #expect(online.string("verdict") == "replaced")
            #expect(online.string("supersededBy") == "EBL01 26T 0000002")
        }
    }

    @Test("the verify page's form sends a code's spaces as '+', and the page reads them as spaces", arguments: ServerDatabase.all)
    func spacesFromTheForm(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            // Base45 has a space among its 45 characters: most seals hold one; issue until one does.
            var seal = ""
            for _ in 0..<20 where !seal.contains(" ") {
                seal = try #require(try await app.call(.post, "/v1/units/\(school)/receipts", json: tuition).json().string("seal"))
            }
            #expect(seal.contains(" "))
            // As a browser sends a `method="get"` form: spaces as '+', a '+' of the code as %2B.
            let formEncoded = seal.split(separator: " ", omittingEmptySubsequences: false).map { Self.query(String($0)) }.joined(separator: "+")
            let page = try await app.call(.get, "/verify?c=" + formEncoded, headers: [:])
            #expect(page.text.contains("Biên lai hợp lệ"))
            #expect(!page.text.contains("Không hợp lệ"))
        }
    }

    @Test("POST /v1/verify and the verify page give the verdict; one changed character is refused", arguments: ServerDatabase.all)
    func verify(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            let seal = try #require(try await app.call(.post, "/v1/units/\(school)/receipts", json: tuition).json().string("seal"))
            let report = try await app.call(.post, "/v1/verify", headers: [:], json: #"{"code": "\#(seal)"}"#).json()
            #expect(report.string("verdict") == "valid")
            #expect(report.string("payerName") == "Nguyễn Thị Hoà")
            #expect(report.string("amountInWords") == "Một trăm linh năm nghìn đồng")
            #expect((report["issuer"] as? [String: Any])?.string("unitName") == "Trường Tiểu học Điện Biên")

            let page = try await app.call(.get, "/verify?c=" + Self.query(seal), headers: [:])
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.text.contains("Biên lai hợp lệ"))
            #expect(!page.text.contains("Không hợp lệ"))
            #expect(page.text.contains("Nguyễn Thị Hoà"))
            #expect(page.text.contains("105.000 đ"))
            #expect(page.text.contains("Trường Tiểu học Điện Biên"))

            let tampered = Self.changeOneCharacter(of: seal)
            let bad = try await app.call(.post, "/v1/verify", headers: [:], json: #"{"code": "\#(tampered)"}"#).json()
            #expect(["bad_signature", "malformed"].contains(bad.string("verdict")))
            let badPage = try await app.call(.get, "/verify?c=" + Self.query(tampered), headers: [:])
            #expect(badPage.text.contains("Không hợp lệ"))
            #expect(!badPage.text.contains("Biên lai hợp lệ"))

            let form = try await app.call(.get, "/verify", headers: [:])
            #expect(form.text.contains("<textarea id=\"c\" name=\"c\""))
        }
    }

    @Test(
        "a photo of the receipt's code posted to the verify page is read (zbarimg) and judged; a photo without one says so",
        arguments: ServerDatabase.all
    )
    func photo(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            let seal = try #require(try await app.call(.post, "/v1/units/\(school)/receipts", json: tuition).json().string("seal"))
            var browser = Browser(app: app)
            let png = try QRMatrix(alphanumeric: seal).png(scale: 6)
            let page = try await browser.upload("/verify", csrf: nil, bytes: png, field: "photo", name: "bien-lai.png", type: "image/png")
            #expect(page.status == .ok)
            #expect(page.text.contains("Biên lai hợp lệ"))
            let blank = try QRMatrix(encoding: "https://example.vn").png(scale: 6)
            let other = try await browser.upload("/verify", csrf: nil, bytes: blank, field: "photo", name: "khac.png", type: "image/png")
            #expect(other.status == .unprocessableContent)
            #expect(other.text.contains("không phải mã biên lai"))
        }
    }

    @Test("the verify page escapes what it is given", arguments: ServerDatabase.all)
    func escapes(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let page = try await app.call(.get, "/verify?c=" + Self.query("<script>alert(1)</script>"), headers: [:])
            #expect(!page.text.contains("<script>alert(1)</script>"))
            #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        }
    }

    /// `text` as a query value.
    static func query(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    /// A seal with one Base45 character in the middle changed to another of the alphabet.
    static func changeOneCharacter(of seal: String) -> String {
        var characters = Array(seal)
        let index = characters.count / 2
        characters[index] = characters[index] == "A" ? "B" : "A"
        return String(characters)
    }
}
