import Foundation
import Hummingbird
import Ledger
import Operations
import Printing
import QRCode
import Receipts
import Rules
import Testing
import VietQR

@testable import CashlessServer

/// Every error of the modules below has its HTTP meaning, given once (`Sources/CashlessServer/Errors/`):
/// bad input is a 4xx that says why, and only a fault of the machine is a 5xx.
@Suite("Each module's errors mapped to HTTP once")
struct ErrorMappingTests {
    static let qrFaults: [(QRCodeError, Int)] = [
        (.empty, 422), (.tooLong(byteCount: 3000, maximum: 2331, errorCorrection: .medium), 422), (.scaleOutOfRange(99), 422),
        (.invalidSize("-1"), 422), (.notAlphanumeric("é"), 422), (.encoderFailed(errno: 12), 500),
    ]

    @Test("QRCodeError: what cannot be encoded is 422, libqrencode failing is 500")
    func qrCode() {
        for (error, status) in Self.qrFaults { #expect(Int(error.problem.status.code) == status, "\(error)") }
    }

    @Test("PrintingError: the caller's data is 422 (or 400), the machine's faults 500")
    func printing() {
        typealias Case = (PrintingError, Int)
        var cases: [Case] = Self.qrFaults.flatMap { error, status -> [Case] in
            [(.qrCode(stallCode: "Q1", error), status), (.sealCode(error), status), (.slipCode(billCode: "HP26 7K3QX", error), status)]
        }
        cases += Placard.Field.allCases.map { field -> Case in (.unrenderableText(stallCode: "Q1", field: field, text: "𓀀"), 422) }
        cases += ReceiptDocument.Field.allCases.map { field -> Case in (.unrenderableReceiptText(field: field, text: "𓀀"), 422) }
        cases += ReceiptDocument.Field.allCases.map { field -> Case in (.invalidReceipt(field: field, reason: "is empty"), 422) }
        cases += BillSlip.Field.allCases.map { field -> Case in (.unrenderableSlipText(billCode: nil, field: field, text: "𓀀"), 422) }
        cases += [
            (.noVietnameseFont, 500), (.noPlacards, 422), (.receiptTooLong(paper: .a5, lineItemCount: 80), 422), (.noBillSlips, 422),
            (.resolutionOutOfRange(5000), 400), (.cairo("out of memory"), 500),
        ]
        for (error, status) in cases {
            #expect(Int(error.problem.status.code) == status, "\(error)")
            if status < 500 { #expect(error.problem.detail == error.description) }
        }
    }

    @Test("LedgerError: 404, 409, 422 naming the field and its code; 500 only for the unexpected")
    func ledger() {
        let field = FieldProblem(field: "stall", code: .duplicate, reason: "stall Q1 is open already")
        #expect(LedgerError.notFound(.vendor, id: 7).problem.status == .notFound)
        #expect(LedgerError.conflict(field).problem.status == .conflict)
        #expect(LedgerError.conflict(field).problem.errors == [.init(field: "stall", code: "duplicate", reason: "stall Q1 is open already")])
        #expect(LedgerError.invalidReference(field).problem.status == .unprocessableContent)
        #expect(LedgerError.invalid([field, field]).problem.status == .unprocessableContent)
        #expect(LedgerError.invalid([field, field]).problem.errors.count == 2)
        #expect(LedgerError.unexpected("a row vanished").problem.status == .internalServerError)
        let unavailable = LedgerError.unavailable("the database connection was lost").problem
        #expect(unavailable.status == .serviceUnavailable)
        #expect(unavailable.retryAfter != nil, "a client is told when to try again")
    }

    @Test("ReceiptError, SealingError and BillingError: the caller's are 4xx, a key this server cannot read or OpenSSL failing 500")
    func receipts() {
        #expect(ReceiptError.malformed("not a seal").problem.status == .unprocessableContent)
        #expect(ReceiptError.badKey("not PEM").problem.status == .unprocessableContent)
        #expect(ReceiptError.claimsTooLong(bytes: 400, limit: 300).problem.status == .unprocessableContent)
        #expect(ReceiptError.crypto("EVP_DigestSign").problem.status == .internalServerError)
        #expect(SealingError.noKey(unitId: 2, unitName: "Trường").problem.status == .conflict)
        #expect(SealingError.noKey(unitId: 2, unitName: "Trường").problem.detail.contains("cashless keys generate --unit 2"))
        #expect(SealingError.tooLong(bytes: 400, limit: 300).problem.errors.map(\.code) == ["too_long"])
        let unreadable = SealingError.keyUnreadable(kid: "00112233aabbccdd", reason: "/srv/data/keys/00112233aabbccdd.pem: no such file")
        #expect(unreadable.problem.status == .internalServerError)
        #expect(!unreadable.problem.detail.contains("/srv"), "a 500 names no path")
        #expect(BillingError.noAccount(unitId: 2, unitName: "Trường").problem.status == .conflict)
    }

    @Test("InvalidPayload and bad fields: 422 naming each field with its code")
    func fields() throws {
        var caught: InvalidPayload?
        do { _ = try Payload(bankBIN: "970436", account: "0011 0018").encoded() } catch { caught = error }
        let invalid = try #require(caught)
        #expect(invalid.problem.status == .unprocessableContent)
        #expect(invalid.problem.errors.map(\.field) == ["account"])
        let problems = InvalidFields([FieldProblem(field: "amount", line: 3, column: "Số tiền", code: .amountDecimals, reason: "…")])
        #expect(problems.problem.errors == [.init(field: "amount", line: 3, column: "Số tiền", code: "amount_decimals", reason: "…")])
        #expect(problems.problem.detail == "1 row of the file must be corrected; nothing was imported")
    }
}

@Suite("A fault of the server answers with a request id only")
struct WithheldFaultTests {
    @Test("a unit key missing on this server: 500 naming no path, the request id to find it in the log", arguments: ServerDatabase.all)
    func missingKeyFile(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            for file in try FileManager.default.contentsOfDirectory(atPath: app.keys.folder.path) where file != "root.pem" {
                try FileManager.default.removeItem(at: app.keys.folder.appendingPathComponent(file))
            }
            let answer = try await app.call(
                .post,
                "/v1/units/\(school)/receipts",
                json: #"{"payerName": "Lê Văn Bình", "feeType": "Học phí", "amount": 150000, "method": "cash"}"#
            )
            #expect(answer.status == .internalServerError)
            let detail = try answer.json().string("detail") ?? ""
            #expect(detail.hasPrefix("the server could not answer this request; its operator finds why in the log under request "))
            #expect(!detail.contains("/") && !detail.contains(".pem"))
            #expect(try await app.ledger.listReceipts(unit: school).items.isEmpty)
        }
    }
}
