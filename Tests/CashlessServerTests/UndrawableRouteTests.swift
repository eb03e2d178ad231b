import Foundation
import HummingbirdTesting
import SQLKit
import Testing

@testable import Ledger

@Suite("Stalls stored with an account no payment code can carry")
struct UndrawableRouteTests {
    @Test(
        "they count as surveyed and are listed in the adoption report; their code and the market sheet say why instead of a false 'no account'",
        arguments: ServerDatabase.all
    )
    func reportedNotDropped(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let (_, market) = try await app.commune()
            var ids: [Int64] = []
            for stall in ["Q1", "Q2"] {
                ids.append(
                    try await app.call(
                        .post,
                        "/v1/markets/\(market)/vendors",
                        json: #"""
                            {"stall": "\#(stall)", "name": "Nguyễn Thị Hoà", "bank": "VCB", "account": "0011001800879", "holder": "NGUYEN THI HOA", "status": "qr_displayed"}
                            """#
                    ).json().int("id")
                )
            }
            // An account stored before the rules, as an older server let the JSON API do.
            try await app.ledger.backend.withDatabase(logger: .init(label: "test")) { database in
                try await database.update("vendors").set("account", to: "0011 0018").where("id", .equal, ids[1]).run()
            }
            #expect(try await app.ledger.checkAccounts().map(\.id) == [ids[1]])

            let adoption = try await app.call(.get, "/v1/markets/\(market)/adoption").json()
            #expect(adoption.string("label") == "1/2 quầy — 50%")
            let undrawable = adoption.objects("undrawable")
            #expect(undrawable.map { $0.string("stall") } == ["Q2"])
            #expect(undrawable.first?.string("reason")?.contains("without spaces") == true)

            let code = try await app.call(.get, "/v1/vendors/\(ids[1])/qr.png")
            #expect(code.status == .unprocessableContent)
            #expect(!code.text.contains("no bank account"))
            let sheet = try await app.call(.get, "/v1/markets/\(market)/sheet.pdf")
            #expect(sheet.status == .conflict)
            #expect(try sheet.json().objects("errors").map { $0.string("field") } == ["stall Q2"])
            #expect(try await app.call(.get, "/v1/vendors/\(ids[0])/qr.png").status == .ok)
        }
    }
}
