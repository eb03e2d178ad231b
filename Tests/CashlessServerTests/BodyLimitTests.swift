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
            let body = #"{"stall": "Q1", "name": "\#(String(repeating: "0", count: Self.limit + 1))"}"#
            try Self.expectTooLarge(try await app.call(.post, "/v1/markets/\(market)/vendors", json: body))
            #expect(try await app.call(.get, "/v1/markets/\(market)/adoption").status == .ok)
            // A public route's small limit, refused from the Content-Length before the body is read.
            let small = try await app.call(.post, "/v1/qr/decode", headers: [:], json: body)
            #expect(small.status == .contentTooLarge)
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

/// The public routes that take a payment code or a seal read a few kilobytes at most.
@Suite("Public routes' small bodies")
struct PublicBodyLimitTests {
    @Test("POST /v1/qr/decode and /v1/verify answer a 640 KB or 9 MB body with 413, and a real one as before", arguments: ServerDatabase.all)
    func publicLimits(database: ServerDatabase) async throws {
        try await Harness.run(on: database, testing: .live) { app in
            for size in [640 * 1024, 9 * 1024 * 1024] {
                let payload = "000201" + String(repeating: "26040000", count: size / 8)
                for route in ["/v1/qr/decode", "/v1/verify"] {
                    let body = route == "/v1/qr/decode" ? #"{"payload": "\#(payload)"}"# : #"{"code": "BL1:\#(payload)"}"#
                    let response = try await app.call(.post, route, headers: [:], json: body)
                    #expect(response.status == .contentTooLarge, "\(route) \(size)")
                    #expect(try response.json().string("detail") == "the request body is larger than 4 KB, the most this route takes")
                }
            }
            let real = "00020101021138570010A00000072701270006970436011300110018008790208QRIBFTTA53037045802VN6304BA98"
            let decoded = try await app.call(.post, "/v1/qr/decode", headers: [:], json: #"{"payload": "\#(real)"}"#)
            #expect(decoded.status == .ok)
            #expect(try decoded.json()["valid"] as? Bool == true)
        }
    }
}

/// The verify page takes a seal in its address or its form: no text longer than any seal is judged.
@Suite("The verify page's code")
struct VerifyPageLimitTests {
    @Test("a code past 4 KB on GET or POST /verify is refused unread (413, in Vietnamese); a short one is judged")
    func longCode() async throws {
        try await Harness.run(on: .sqlite) { app in
            let long = "BL1:" + String(repeating: "A", count: 5000)
            let get = try await app.call(.get, "/verify?c=\(long)", headers: [:])
            #expect(get.status == .contentTooLarge)
            #expect(get.text.contains("Mã dài hơn mọi mã biên lai"))
            var browser = Browser(app: app)
            let post = try await browser.post("/verify", [("c", long)])
            #expect(post.status == .contentTooLarge)
            let short = try await app.call(.get, "/verify?c=BL1:ABC", headers: [:])
            #expect(short.status == .ok && short.text.contains("Không hợp lệ"))
        }
    }
}
