import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReadBack
import Testing

/// A unit's bank, signing its notifications with the unit's secret as the `openssl` command does.
struct Bank {
    let secret: String

    /// The headers of `body` signed at `time`.
    func headers(_ body: String, at time: Date = Date(), secret: String? = nil) throws -> HTTPFields {
        let timestamp = String(Int(time.timeIntervalSince1970))
        let folder = try ScratchDirectory()
        let message = try folder.write(Array((timestamp + "." + body).utf8), to: "message")
        let run = try ReadBack.run("openssl", ["dgst", "-sha256", "-hmac", secret ?? self.secret, "-hex", message])
        guard run.status == 0, let mac = run.text.split(separator: " ").last else { throw ToolFailure(command: "openssl dgst", reason: run.errors) }
        return [
            HTTPField.Name("X-Cashless-Timestamp")!: timestamp,
            HTTPField.Name("X-Cashless-Signature")!: "sha256=" + mac.trimmingCharacters(in: .whitespacesAndNewlines),
            .contentType: "application/json",
        ]
    }
}

@Suite("Payments: signed bank notifications, statements, the inbox")
struct PaymentRouteTests {
    /// A school with a bill and the secret of its bank's notifications.
    static func setUp(_ app: Harness) async throws -> (school: Int64, bill: [String: Any], bank: Bank) {
        let school = try await app.school()
        let bill = try await app.call(.post, "/v1/units/\(school)/bills", json: BillRouteTests.bill).json()
        let secret = try await app.call(.post, "/v1/units/\(school)/hook-secret").json()
        return (school, bill, Bank(secret: try #require(secret.string("secret"))))
    }

    @Test(
        "a notification whose content holds the bill's code pays it and issues its receipt; replayed, it changes nothing",
        arguments: ServerDatabase.all
    )
    func pays(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let (school, bill, bank) = try await Self.setUp(app)
            let compact = bill.string("code")!.replacingOccurrences(of: " ", with: "")
            let body =
                #"{"transactionId": "FT26273001", "amount": 1250000, "content": "MBVCB.1234567.\#(compact).LE VAN BINH chuyen tien", "payerName": "LE VAN BINH"}"#
            let first = try await app.call(.post, "/v1/hooks/bank/\(school)", headers: try bank.headers(body), json: nil, raw: body)
            #expect(first.status == .ok)
            let answer = try first.json()
            #expect(answer.string("status") == "matched")
            #expect(answer["duplicate"] as? Bool == false)
            let receipt = try await app.call(.get, "/v1/receipts/\(answer.int("receiptId"))").json()
            #expect(receipt.int("billId") == bill.int("id"))
            #expect(receipt.string("method") == "qr")
            #expect(receipt.string("payerName") == "Lê Văn Bình")
            #expect(receipt.string("amountInWords") == "Một triệu hai trăm năm mươi nghìn đồng")
            #expect(try await app.call(.get, "/v1/bills/\(bill.int("id"))").json().string("status") == "paid")

            let replay = try await app.call(.post, "/v1/hooks/bank/\(school)", headers: try bank.headers(body), json: nil, raw: body)
            #expect(replay.status == .ok)
            #expect(try replay.json()["duplicate"] as? Bool == true)
            #expect(try await app.call(.get, "/v1/units/\(school)/receipts").json().objects("items").count == 1)
            #expect(try await app.call(.get, "/v1/units/\(school)/payments").json().objects("items").count == 1)
        }
    }

    @Test("a wrong signature, an old timestamp, no signature or no secret get 401 and change nothing", arguments: ServerDatabase.all)
    func refused(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let (school, bill, bank) = try await Self.setUp(app)
            let body = #"{"transactionId": "FT26273002", "amount": 1250000, "content": "\#(bill.string("code")!)"}"#
            var tampered = try bank.headers(body)
            let attempts: [(String, HTTPFields, String)] = [
                ("signed with another secret", try bank.headers(body, secret: String(repeating: "0", count: 64)), body),
                ("body changed after signing", try bank.headers(body), body.replacingOccurrences(of: "1250000", with: "1250001")),
                ("ten minutes old", try bank.headers(body, at: Date().addingTimeInterval(-600)), body),
                (
                    "no signature",
                    {
                        tampered[HTTPField.Name("X-Cashless-Signature")!] = nil
                        return tampered
                    }(), body
                ),
            ]
            for (what, headers, sent) in attempts {
                let response = try await app.call(.post, "/v1/hooks/bank/\(school)", headers: headers, json: nil, raw: sent)
                #expect(response.status == .unauthorized, "\(what)")
                #expect(response.headers[.contentType] == "application/problem+json", "\(what)")
            }
            let (_, market) = try await app.commune("Phường Nam Ngạn")
            #expect(
                try await app.call(.post, "/v1/hooks/bank/\(market)", headers: try bank.headers(body), json: nil, raw: body).status == .unauthorized
            )
            #expect(try await app.call(.get, "/v1/units/\(school)/payments").json().objects("items").isEmpty)
            #expect(try await app.call(.get, "/v1/bills/\(bill.int("id"))").json().string("status") == "open")
        }
    }

    @Test(
        "a statement: its credits recorded once (with what the webhook already sent), matched or left in the inbox for a person",
        arguments: ServerDatabase.all
    )
    func statement(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let (school, bill, bank) = try await Self.setUp(app)
            let second = try await app.call(.post, "/v1/units/\(school)/bills", json: BillRouteTests.bill).json()
            let notified = #"{"transactionId": "FT001", "amount": 1250000, "content": "IBFT \#(bill.string("code")!)"}"#
            _ = try await app.call(.post, "/v1/hooks/bank/\(school)", headers: try bank.headers(notified), json: nil, raw: notified)
            let code = second.string("code")!.lowercased()
            let csv = """
                Ngày giao dịch,Số tham chiếu,Ghi nợ,Ghi có,Nội dung,Người chuyển
                01/10/2026 08:15:00,FT001,,1.250.000,IBFT \(bill.string("code")!),LE VAN BINH
                01/10/2026 09:00:00,FT002,,600.000,thanh toan \(code) dot 1,NGUYEN THI HOA
                01/10/2026 10:30:00,FT003,,200.000,ung ho quy lop 3A,PHAM VAN C
                01/10/2026 11:00:00,FT004,50.000,,phi ngan hang,
                """
            let summary = try await app.call(.post, "/v1/units/\(school)/statements", csv: csv).json()
            #expect(summary.int("lines") == 3)
            #expect(summary.int("recorded") == 2)
            #expect(summary.int("duplicates") == 1)
            #expect(summary.int("matched") == 0)
            #expect(summary.int("waiting") == 2)
            let inbox = try await app.call(.get, "/v1/units/\(school)/payments?waiting=true").json().objects("items")
            #expect(inbox.map { $0.string("status") } == ["partial", "unmatched"])
            #expect(inbox.first?.string("note")?.contains("650.000 đ") == true)

            let partial = try await app.call(.post, "/v1/payments/\(inbox[0].int("id"))/match", json: #"{"billId": \#(second.int("id"))}"#)
            #expect(partial.status == .ok)
            let receipt = try partial.json()["receipt"] as? [String: Any]
            #expect(receipt?.int("amount") == 600_000 && receipt?.string("method") == "transfer")
            let gift = try await app.call(.post, "/v1/payments/\(inbox[1].int("id"))/match", json: #"{"feeType": "Quỹ lớp 3A"}"#).json()
            #expect((gift["receipt"] as? [String: Any])?.string("payerName") == "PHAM VAN C")
            #expect(try await app.call(.get, "/v1/units/\(school)/payments?waiting=true").json().objects("items").isEmpty)
            let again = try await app.call(.post, "/v1/payments/\(inbox[1].int("id"))/match", json: #"{"feeType": "Quỹ lớp 3A"}"#)
            #expect(again.status == .conflict)

            let bad = try await app.call(.post, "/v1/units/\(school)/statements", csv: "Ngày,Mã giao dịch,Ghi có,Nội dung\n32/10/2026,FT9,abc,x\n")
            #expect(bad.status == .unprocessableContent)
            #expect(try bad.json().objects("errors").allSatisfy { $0.int("line") == 2 })
        }
    }
}
