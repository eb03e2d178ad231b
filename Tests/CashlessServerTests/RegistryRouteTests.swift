import Foundation
import Hummingbird
import HummingbirdTesting
import Ledger
import Testing

@Suite("Registry routes: communes, units, stalls")
struct RegistryRouteTests {
    @Test("Health and metrics answer without a key", arguments: ServerDatabase.all)
    func publicRoutes(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let health = try await app.call(.get, "/healthz", headers: [:])
            #expect(health.status == .ok)
            #expect(health.text == #"{"status":"ok"}"#)
            let metrics = try await app.call(.get, "/metrics", headers: [:])
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
        }
    }

    @Test("Creating returns 201 and the stored object with its id; reading it back gives the same", arguments: ServerDatabase.all)
    func createAndRead(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let created = try await app.call(.post, "/v1/communes", json: #"{"name": "Phường Điện Biên", "province": "Thanh Hóa"}"#)
            #expect(created.status == .created)
            let commune = try created.json()
            #expect(commune.string("name") == "Phường Điện Biên")
            let read = try await app.call(.get, "/v1/communes/\(commune.int("id"))").json()
            #expect(read.string("province") == "Thanh Hóa")
        }
    }

    @Test("Without a key: 401; with an unknown key: 401; bad input: 400 or 422 naming the field", arguments: ServerDatabase.all)
    func refusals(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            #expect(try await app.call(.get, "/v1/communes", headers: [:]).status == .unauthorized)
            #expect(try await app.call(.get, "/v1/communes", headers: [.authorization: "Bearer csk_nope"]).status == .unauthorized)
            let missing = try await app.call(.post, "/v1/communes", json: #"{"name": "Phường Điện Biên"}"#)
            #expect(missing.status == .badRequest)
            #expect(missing.headers[.contentType] == "application/problem+json")
            #expect(try missing.json().objects("errors").first?["field"] as? String == "province")
            let unknown = try await app.call(.get, "/v1/communes/9999")
            #expect(unknown.status == .notFound)
        }
    }

    @Test("A stall's bank is taken by short name and returned as its BIN; a stall code is unique in its market", arguments: ServerDatabase.all)
    func stalls(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let (_, market) = try await app.commune()
            let body = #"{"stall": "Q12", "name": "Nguyễn Thị Hoà", "bank": "Vietcombank", "account": "0011001800879", "holder": "NGUYEN THI HOA"}"#
            let created = try await app.call(.post, "/v1/markets/\(market)/vendors", json: body)
            #expect(created.status == .created)
            let stall = try created.json()
            #expect(stall.string("bank") == "970436")
            #expect(stall.string("status") == "has_account")
            let again = try await app.call(.post, "/v1/markets/\(market)/vendors", json: body)
            #expect(again.status == .conflict)
            let badBank = try await app.call(
                .post,
                "/v1/markets/\(market)/vendors",
                json: #"{"stall": "Q13", "name": "Lê Văn An", "bank": "BVB", "account": "1", "holder": "A"}"#
            )
            #expect(badBank.status == .unprocessableContent)
            #expect(try badBank.json().objects("errors").first?["field"] as? String == "bank")
        }
    }

    @Test("Status changes are kept with who made them; a closed stall stays readable but leaves the list", arguments: ServerDatabase.all)
    func statusAndClose(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let (_, market) = try await app.commune()
            let stall = try await app.call(
                .post,
                "/v1/markets/\(market)/vendors",
                json: #"{"stall": "Q1", "name": "Trần Văn Đức", "bank": "970415", "account": "113366668888", "holder": "TRAN VAN DUC"}"#
            ).json()
            let id = stall.int("id")
            #expect(
                try await app.call(.post, "/v1/vendors/\(id)/status", json: #"{"status": "qr_displayed"}"#).json().string("status") == "qr_displayed"
            )
            let history = try await app.call(.get, "/v1/vendors/\(id)/history").json().objects("items")
            #expect(history.map { $0["to"] as? String } == ["has_account", "qr_displayed"])
            #expect(try await app.call(.post, "/v1/vendors/\(id)/close").status == .ok)
            #expect(try await app.call(.get, "/v1/markets/\(market)/vendors").json().objects("items").isEmpty)
            #expect(try await app.call(.get, "/v1/vendors/\(id)").json()["closedAt"] is String)
        }
    }

    @Test("Lists filter by status and page with a cursor", arguments: ServerDatabase.all)
    func paging(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let (_, market) = try await app.commune()
            for number in 1...5 {
                try await app.call(.post, "/v1/markets/\(market)/vendors", json: #"{"stall": "Q\#(number)", "name": "Người bán \#(number)"}"#)
            }
            let first = try await app.call(.get, "/v1/markets/\(market)/vendors?limit=2&status=surveyed").json()
            #expect(first.objects("items").count == 2)
            let next = first.int("nextCursor")
            let second = try await app.call(.get, "/v1/markets/\(market)/vendors?limit=10&after=\(next)").json()
            #expect(second.objects("items").map { $0["stall"] as? String } == ["Q3", "Q4", "Q5"])
            #expect(try await app.call(.get, "/v1/markets/\(market)/vendors?status=flying").status == .badRequest)
        }
    }
}
