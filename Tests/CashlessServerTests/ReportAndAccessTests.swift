import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("The cashless criterion, and who may see what")
struct ReportAndAccessTests {
    @Test("A market's adoption: 7 of 10 displaying = 0.70, and the commune's criteria with targets", arguments: ServerDatabase.all)
    func adoption(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let (commune, market) = try await app.commune()
            var csv = "stall,name,bank,account,holder,status\n"
            for number in 1...10 {
                csv += "Q\(number),Người bán \(number),VCB,00110018\(1000 + number),NGUOI BAN,\(number <= 7 ? "qr_displayed" : "qr_issued")\n"
            }
            try await app.call(.post, "/v1/markets/\(market)/vendors/import", csv: csv)
            let adoption = try await app.call(.get, "/v1/markets/\(market)/adoption").json()
            let equipped = adoption["equipped"] as? [String: Any]
            #expect(equipped?["numerator"] as? Int == 7 && equipped?["denominator"] as? Int == 10)
            #expect(equipped?["value"] as? Double == 0.7)
            #expect(adoption.string("label") == "7/10 quầy — 70%")
            let school = try await app.call(
                .post,
                "/v1/units",
                json: #"{"kind": "school", "name": "Trường Tiểu học Điện Biên", "communeId": \#(commune)}"#
            ).json().int("id")
            let report = try await app.call(.get, "/v1/communes/\(commune)/cashless").json()
            let criteria = report.objects("criteria")
            #expect(criteria.map { $0["id"] as? String } == ["market_equipped", "schools_collect_by_qr", "fees_cashless"])
            #expect(criteria.map { $0["met"] as? Bool } == [true, false, false], "no fee collected yet: 0 of 0 meets nothing")
            #expect(report["met"] as? Bool == false)
            let csvReport = try await app.call(.get, "/v1/communes/\(commune)/cashless?format=csv")
            #expect(csvReport.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csvReport.text.hasPrefix("\u{FEFF}Tiêu chí,"))
            #expect(csvReport.text.contains("Chợ Phường Điện Biên: quầy treo mã QR,\"70,0%\",7,10,\"70,0%\",có"))
            // A name a spreadsheet would run as a formula stays text in the CSV.
            _ = try await app.call(.post, "/v1/units", json: #"{"kind": "market", "name": "=HYPERLINK(\"http://x\")", "communeId": \#(commune)}"#)
            let formula = try await app.call(.get, "/v1/communes/\(commune)/cashless?format=csv").text
            #expect(formula.contains("'=HYPERLINK"))
            #expect(!formula.split(separator: "\r\n").contains { $0.hasPrefix("=") || $0.hasPrefix("\"=") })

            // Fees: 300,000 đồng by QR and transfer, 100,000 in cash = 0.75 cashless; a replaced receipt counts once.
            try await app.signingKey(unit: school)
            for (amount, method) in [(150_000, "qr"), (150_000, "transfer"), (100_000, "cash")] {
                try await app.call(
                    .post,
                    "/v1/units/\(school)/receipts",
                    json: #"{"payerName": "Lê Văn An", "feeType": "Học phí T9", "amount": \#(amount), "method": "\#(method)"}"#
                )
            }
            let cash = try await app.call(.get, "/v1/units/\(school)/receipts").json().objects("items").last!.int("id")
            try await app.call(
                .post,
                "/v1/receipts/\(cash)/replace",
                json: #"{"payerName": "Lê Văn Anh", "feeType": "Học phí T9", "amount": 100000, "method": "cash"}"#
            )
            let fees = try await app.call(.get, "/v1/communes/\(commune)/cashless").json().objects("criteria").last!
            let value = fees["value"] as? [String: Any]
            #expect(value?["numerator"] as? Int == 300_000 && value?["denominator"] as? Int == 400_000)
            #expect(fees["met"] as? Bool == true)
        }
    }

    @Test("Keys of another commune or unit are refused (404); a commune key may read but not change (403)", arguments: ServerDatabase.all)
    func tenants(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let (commune, market) = try await app.commune("Phường Điện Biên")
            let (otherCommune, otherMarket) = try await app.commune("Phường Nam Ngạn")
            let stall = try await app.call(.post, "/v1/markets/\(market)/vendors", json: #"{"stall": "Q1", "name": "Hoà"}"#).json().int("id")
            let communeKey = try await app.key(.commune, scope: commune)
            let unitKey = try await app.key(.unit, scope: market)
            let otherCommuneKey = try await app.key(.commune, scope: otherCommune)
            let otherUnitKey = try await app.key(.unit, scope: otherMarket)

            let reads = [
                "/v1/communes/\(commune)", "/v1/units/\(market)", "/v1/markets/\(market)/vendors",
                "/v1/vendors/\(stall)", "/v1/vendors/\(stall)/history", "/v1/markets/\(market)/adoption",
                "/v1/communes/\(commune)/cashless",
            ]
            for uri in reads {
                #expect(try await app.call(.get, uri, headers: otherCommuneKey).status == .notFound, "\(uri)")
                #expect(try await app.call(.get, uri, headers: communeKey).status == .ok, "\(uri)")
            }
            for uri in ["/v1/units/\(market)", "/v1/markets/\(market)/vendors", "/v1/vendors/\(stall)"] {
                #expect(try await app.call(.get, uri, headers: otherUnitKey).status == .notFound, "\(uri)")
                #expect(try await app.call(.get, uri, headers: unitKey).status == .ok, "\(uri)")
            }
            let add = #"{"stall": "Q2", "name": "Đức"}"#
            #expect(try await app.call(.post, "/v1/markets/\(market)/vendors", headers: communeKey, json: add).status == .forbidden)
            #expect(try await app.call(.post, "/v1/markets/\(market)/vendors", headers: otherUnitKey, json: add).status == .notFound)
            #expect(try await app.call(.post, "/v1/markets/\(market)/vendors", headers: unitKey, json: add).status == .created)
            #expect(try await app.call(.post, "/v1/communes", headers: unitKey, json: #"{"name": "X", "province": "Y"}"#).status == .forbidden)
            #expect(try await app.call(.post, "/v1/keys", headers: communeKey, json: #"{"role": "admin"}"#).status == .forbidden)
        }
    }

    @Test("Admins create keys shown once, and a revoked key opens nothing", arguments: ServerDatabase.all)
    func keys(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let (_, market) = try await app.commune()
            let issued = try await app.call(.post, "/v1/keys", json: #"{"role": "unit", "scopeId": \#(market)}"#)
            #expect(issued.status == .created)
            let key = try issued.json()
            let headers: HTTPFields = [.authorization: "Bearer \(key.string("key")!)"]
            #expect(try await app.call(.get, "/v1/markets/\(market)/vendors", headers: headers).status == .ok)
            #expect(try await app.call(.get, "/v1/keys").json().objects("items").allSatisfy { $0["key"] == nil })
            #expect(try await app.call(.post, "/v1/keys/\(key.int("id"))/revoke").status == .ok)
            #expect(try await app.call(.get, "/v1/markets/\(market)/vendors", headers: headers).status == .unauthorized)
            let noScope = try await app.call(.post, "/v1/keys", json: #"{"role": "unit"}"#)
            #expect(noScope.status == .unprocessableContent)
        }
    }
}
