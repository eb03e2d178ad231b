import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Testing

/// Who changed which bank account, readable by the commune.
@Suite("Bank account changes: the commune reads who changed which account")
struct BankChangeRouteTests {
    @Test(
        "a school's and a stall's account changed over the API are listed for the commune with the key that did it, and shown on its page",
        arguments: ServerDatabase.all
    )
    func listed(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            let communeId = try await app.call(.get, "/v1/units/\(school)").json().int("communeId")
            let market = try await app.call(.post, "/v1/units", json: #"{"kind": "market", "name": "Chợ Điện Biên", "communeId": \#(communeId)}"#)
                .json().int("id")
            let stall = try await app.call(
                .post,
                "/v1/markets/\(market)/vendors",
                json: #"{"stall": "Q12", "name": "Nguyễn Thị Hoà", "bank": "970436", "account": "0011001234567", "holder": "NGUYEN THI HOA"}"#
            ).json().int("id")
            let unitKey = try await app.key(.unit, scope: school)
            let keyId = try #require(try await app.ledger.listKeys(APIKeyFilter(role: .unit)).items.last?.id)

            #expect(try await app.call(.patch, "/v1/units/\(school)", headers: unitKey, json: #"{"address": "14 Lê Lợi"}"#).status == .ok)
            #expect(
                try await app.call(
                    .patch,
                    "/v1/units/\(school)",
                    headers: unitKey,
                    json: #"{"bankAccount": "0011009999999", "bankHolder": "NGUYEN VAN A"}"#
                )
                .status == .ok
            )
            #expect(try await app.call(.patch, "/v1/vendors/\(stall)", json: #"{"account": "0011007654321"}"#).status == .ok)

            let communeKey = try await app.key(.commune, scope: communeId)
            let listed = try await app.call(.get, "/v1/communes/\(communeId)/bank-changes", headers: communeKey)
            #expect(listed.status == .ok)
            let changes = try listed.json().objects("items")
            #expect(changes.count == 2)
            #expect(changes.first?.int("unitId") == school && changes.first?.string("changedBy") == "key:\(keyId)")
            #expect(changes.first?.string("oldAccount") == "0011001234567" && changes.first?.string("newAccount") == "0011009999999")
            #expect(changes.first?.string("oldHolder") == "TRUONG TIEU HOC DIEN BIEN" && changes.first?.string("newHolder") == "NGUYEN VAN A")
            #expect(changes.last?.int("vendorId") == stall && changes.last?.string("stall") == "Q12")
            #expect(changes.last?.string("newAccount") == "0011007654321")
            let ofSchool = try await app.call(.get, "/v1/communes/\(communeId)/bank-changes?unitId=\(school)").json().objects("items")
            #expect(ofSchool.count == 1)

            try await app.user("can.bo", role: .commune, scope: communeId)
            var browser = Browser(app: app)
            _ = try await browser.signIn("can.bo", "mật-khẩu-dài-2026")
            let page = try await browser.get("/communes/\(communeId)")
            #expect(page.status == .ok)
            #expect(page.text.contains("Thay đổi tài khoản ngân hàng gần đây"))
            #expect(
                page.text.contains("Chợ Điện Biên, quầy Q12: Vietcombank 0011001234567 (NGUYEN THI HOA) → Vietcombank 0011007654321 (NGUYEN THI HOA)")
            )
            #expect(page.text.contains("0011009999999 (NGUYEN VAN A) (key:\(keyId))"))
        }
    }
}
