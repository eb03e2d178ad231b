import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A cash receipt of a school.
private let cash = #"{"payerName": "Trần Thu Hà", "feeType": "Quỹ lớp 3A", "amount": 50000, "method": "cash"}"#

@Suite("Idempotency-Key: one key, one request")
struct IdempotencyRouteTests {
    /// The admin's headers with `key`.
    static func keyed(_ app: Harness, _ key: String) -> HTTPFields {
        var headers = app.admin
        headers[HTTPField.Name("Idempotency-Key")!] = key
        return headers
    }

    /// The codes of a problem's errors.
    static func codes(_ response: TestResponse) throws -> [String] {
        try response.json().objects("errors").compactMap { $0.string("code") }
    }

    @Test(
        "the same key with another body answers 422 idempotency_key_reused and writes nothing; with the same body written otherwise, the first receipt",
        arguments: ServerDatabase.all
    )
    func anotherBody(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            let headers = Self.keyed(app, "phieu-0042")
            let first = try await app.call(.post, "/v1/units/\(school)/receipts", headers: headers, json: cash)
            #expect(first.status == .created)
            let rewritten = #"{"method":"cash","amount":"50.000","feeType":"Quỹ lớp 3A","payerName":"Trần Thu Hà"}"#
            let same = try await app.call(.post, "/v1/units/\(school)/receipts", headers: headers, json: rewritten)
            #expect(same.status == .ok && same.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(try same.json().int("id") == first.json().int("id"))

            let other = try await app.call(
                .post,
                "/v1/units/\(school)/receipts",
                headers: headers,
                json: cash.replacingOccurrences(of: "50000", with: "500000")
            )
            #expect(other.status == .unprocessableContent)
            #expect(other.headers[.contentType] == "application/problem+json")
            #expect(try Self.codes(other) == ["idempotency_key_reused"])
            #expect(try other.json().objects("errors").first?.string("field") == "Idempotency-Key")
            let stored = try await app.call(.get, "/v1/units/\(school)/receipts").json().objects("items")
            #expect(stored.map { $0.int("amount") } == [50_000])
            // Nothing taken: the next receipt is number 2.
            #expect(try await app.call(.post, "/v1/units/\(school)/receipts", json: cash).json().int("number") == 2)
        }
    }

    @Test(
        "a key is for one request: sent again on a replacement or an adjustment it answers 422 and mends nothing; each mend's own key replays it",
        arguments: ServerDatabase.all
    )
    func oneRoute(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            let issued = try await app.call(.post, "/v1/units/\(school)/receipts", headers: Self.keyed(app, "k-issue"), json: cash).json()
            let other = try await app.call(.post, "/v1/units/\(school)/receipts", json: cash).json()
            for route in ["replace", "adjust"] {
                let reused = try await app.call(.post, "/v1/receipts/\(other.int("id"))/\(route)", headers: Self.keyed(app, "k-issue"), json: cash)
                #expect(reused.status == .unprocessableContent, "\(route)")
                #expect(try Self.codes(reused) == ["idempotency_key_reused"], "\(route)")
            }
            #expect(try await app.call(.get, "/v1/receipts/\(other.int("id"))").json().string("status") == "issued")
            #expect(try await app.call(.get, "/v1/receipts/\(issued.int("id"))").json().string("status") == "issued")

            let replaced = try await app.call(.post, "/v1/receipts/\(other.int("id"))/replace", headers: Self.keyed(app, "k-replace"), json: cash)
            #expect(replaced.status == .created)
            let again = try await app.call(.post, "/v1/receipts/\(other.int("id"))/replace", headers: Self.keyed(app, "k-replace"), json: cash)
            #expect(try again.status == .ok && again.json().int("id") == replaced.json().int("id"))
            // The same key to replace another receipt is another request.
            let elsewhere = try await app.call(.post, "/v1/receipts/\(issued.int("id"))/replace", headers: Self.keyed(app, "k-replace"), json: cash)
            #expect(elsewhere.status == .unprocessableContent)
            #expect(try await app.call(.get, "/v1/units/\(school)/receipts").json().objects("items").count == 3)
        }
    }

    @Test(
        "requests with one key sent at once issue one receipt: one 201, the others with its body 200 with it, those with another body 422",
        arguments: ServerDatabase.all
    )
    func concurrent(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            let headers = Self.keyed(app, "phieu-dong-thoi")
            // The first sent goes first; then twelve more with its body and six with another, at once.
            let first = try await app.call(.post, "/v1/units/\(school)/receipts", headers: headers, json: cash)
            #expect(first.status == .created)
            let other = cash.replacingOccurrences(of: "50000", with: "70000")
            let answers = try await withThrowingTaskGroup(of: (String, HTTPResponse.Status, TestResponse).self) { group in
                for index in 0..<18 {
                    let body = index < 12 ? cash : other
                    group.addTask {
                        let response = try await app.call(.post, "/v1/units/\(school)/receipts", headers: headers, json: body)
                        return (body, response.status, response)
                    }
                }
                return try await group.reduce(into: [(String, HTTPResponse.Status, TestResponse)]()) { $0.append($1) }
            }
            let id = try first.json().int("id")
            for (body, status, response) in answers {
                if body == cash {
                    #expect(try status == .ok && response.json().int("id") == id)
                } else {
                    #expect(try status == .unprocessableContent && Self.codes(response) == ["idempotency_key_reused"])
                }
            }
            #expect(try await app.call(.get, "/v1/units/\(school)/receipts").json().objects("items").count == 1)
        }
    }

    @Test(
        "requests with a new key sent all at once, with two bodies, issue one receipt: one 201, the same body 200 with it, the other 422",
        arguments: ServerDatabase.all
    )
    func concurrentFirst(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            let headers = Self.keyed(app, "phieu-moi")
            let other = cash.replacingOccurrences(of: "50000", with: "70000")
            let answers = try await withThrowingTaskGroup(of: (String, TestResponse).self) { group in
                for index in 0..<18 {
                    let body = index.isMultiple(of: 3) ? other : cash
                    group.addTask { (body, try await app.call(.post, "/v1/units/\(school)/receipts", headers: headers, json: body)) }
                }
                return try await group.reduce(into: [(String, TestResponse)]()) { $0.append($1) }
            }
            let stored = try await app.call(.get, "/v1/units/\(school)/receipts").json().objects("items")
            #expect(stored.count == 1)
            let winner = try #require(stored.first)
            let won = winner.int("amount") == 50_000 ? cash : other
            #expect(answers.filter { $0.1.status == .created }.count == 1)
            for (body, response) in answers {
                if body == won {
                    #expect(try [.created, .ok].contains(response.status) && response.json().int("id") == winner.int("id"))
                } else {
                    #expect(try response.status == .unprocessableContent && Self.codes(response) == ["idempotency_key_reused"])
                }
            }
        }
    }

    @Test("a match sent again under its key gives the receipt it gave; the key with another match answers 422", arguments: ServerDatabase.all)
    func match(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let paid = try await PaidBill(app, signingKey: true)
            let body = #"{"transactionId": "FT8001", "amount": 50000, "content": "ung ho quy lop", "payerName": "TRAN THU HA"}"#
            let payment = try await paid.notify(body).json().int("paymentId")
            let headers = Self.keyed(app, "khop-1")
            let first = try await app.call(.post, "/v1/payments/\(payment)/match", headers: headers, json: #"{"feeType": "Quỹ lớp"}"#)
            #expect(first.status == .ok)
            let again = try await app.call(.post, "/v1/payments/\(payment)/match", headers: headers, json: #"{"feeType": "Quỹ lớp"}"#)
            #expect(again.status == .ok && again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            let receipt = { (response: TestResponse) in (try response.json()["receipt"] as? [String: Any])?.int("id") }
            #expect(try receipt(again) == receipt(first))
            let other = try await app.call(.post, "/v1/payments/\(payment)/match", headers: headers, json: #"{"feeType": "Ủng hộ"}"#)
            #expect(other.status == .unprocessableContent)
            #expect(try Self.codes(other) == ["idempotency_key_reused"])
            #expect(try await paid.receipts().count == 1)
        }
    }
}
