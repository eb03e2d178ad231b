import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Bodies over `AppRequestContext.maxUploadSize` (8 MB), sent to a real server over loopback.
@Suite("Request bodies over the 8 MB limit")
struct BodyLimitTests {
    static let limit = 8 * 1024 * 1024

    @Test("A CSV import over 8 MB answers 413 as problem JSON, and imports nothing", arguments: ServerDatabase.all)
    func largeImport(database: ServerDatabase) async throws {
        try await Harness.run(on: database, testing: .live) { app in
            let (_, market) = try await app.commune()
            var csv = "stall,name,bank,account,holder\n"
            var number = 0
            while csv.utf8.count <= Self.limit {
                number += 1
                csv += "Q\(number),Người bán hàng số \(number) ở chợ,VCB,00110018\(100_000 + number),NGUOI BAN HANG\n"
            }
            let response = try await app.call(.post, "/v1/markets/\(market)/vendors/import", csv: csv)
            try Self.expectTooLarge(response)
            #expect(try await app.call(.get, "/v1/markets/\(market)/vendors").json().objects("items").isEmpty)
        }
    }

    @Test("A JSON body over 8 MB answers 413 as problem JSON, and creates nothing", arguments: ServerDatabase.all)
    func largeJSON(database: ServerDatabase) async throws {
        try await Harness.run(on: database, testing: .live) { app in
            let (_, market) = try await app.commune()
            let name = String(repeating: "Nguyễn Thị Hoà ", count: Self.limit / 10)
            let response = try await app.call(.post, "/v1/markets/\(market)/vendors", json: #"{"stall": "Q1", "name": "\#(name)"}"#)
            try Self.expectTooLarge(response)
            #expect(try await app.call(.get, "/v1/markets/\(market)/vendors").json().objects("items").isEmpty)
        }
    }

    @Test("The connection stays usable after a 413: the next request on it is answered", arguments: ServerDatabase.all)
    func nextRequestAnswered(database: ServerDatabase) async throws {
        try await Harness.run(on: database, testing: .live) { app in
            let (_, market) = try await app.commune()
            let body = #"{"payload": "\#(String(repeating: "0", count: Self.limit + 1))"}"#
            try Self.expectTooLarge(try await app.call(.post, "/v1/qr/decode", headers: [:], json: body))
            #expect(try await app.call(.get, "/v1/markets/\(market)/adoption").status == .ok)
        }
    }

    private static func expectTooLarge(_ response: TestResponse) throws {
        #expect(response.status == .contentTooLarge)
        #expect(response.headers[.contentType] == "application/problem+json")
        let problem = try response.json()
        #expect(problem["status"] as? Int == 413)
        #expect(problem.string("detail")?.contains("8 MB") == true)
    }
}
