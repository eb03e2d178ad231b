import Foundation
import SQLKit

extension Ledger {
    static let receiptColumns = propertyColumns([
        "id", "unit_id", "form_code", "series", "number", "issued_at", "payer_name", "payer_reference", "payer_address",
        "fee_type", "items", "amount", "amount_in_words", "method", "bill_id", "status", "supersedes_id", "kid", "seal",
    ])

    /// The highest number a series holds (7 digits).
    public static let maximumReceiptNumber: Int64 = 9_999_999

    /// Issues a receipt of unit `unitId`: checks `new`, takes the next number of the unit's form
    /// code (or `formCode`) and the series of today's year (Vietnam time), has `seal` sign it,
    /// and stores it, all in one transaction, so numbers are gapless and never repeat, whatever
    /// the number of servers. With an `idempotencyKey` already used by the unit, nothing is
    /// issued and the receipt it issued is returned with `created` false.
    public func issueReceipt(
        _ new: NewReceipt, unitId: Int64, formCode: String? = nil, idempotencyKey: String? = nil, by author: String,
        seal: @Sendable (ReceiptDraft) throws -> ReceiptSealing
    ) async throws -> (receipt: Receipt, created: Bool) {
        try await issue(new, unitId: unitId, formCode: formCode, idempotencyKey: idempotencyKey, by: author, seal: seal) { _ in nil }
    }

    /// Issues a receipt that replaces or adjusts receipt `originalId`, in its unit and form code,
    /// and marks the original `replaced` or `adjusted`, in one transaction. Only a receipt still
    /// `issued` can be superseded (a replacement is itself replaced, not its original again).
    public func supersedeReceipt(
        _ originalId: Int64, _ kind: Supersession, with new: NewReceipt, idempotencyKey: String? = nil, by author: String,
        seal: @Sendable (ReceiptDraft) throws -> ReceiptSealing
    ) async throws -> (receipt: Receipt, created: Bool) {
        let original = try await receipt(originalId)
        return try await issue(new, unitId: original.unitId, formCode: original.formCode, idempotencyKey: idempotencyKey,
                               by: author, seal: seal) { database in
            guard let stored = try await database.select().columns(Self.receiptColumns).from("receipts")
                .where("id", .equal, originalId).for(.update).first(decoding: ReceiptRow.self)?.receipt()
            else { throw LedgerError.notFound(.receipt, id: originalId) }
            guard stored.status == .issued else {
                throw LedgerError.conflict(FieldProblem(field: "status", reason:
                    "receipt \(stored.series) \(stored.number) was \(stored.status.rawValue) already; mend the receipt that superseded it"))
            }
            try await database.update("receipts").set("status", to: kind.status.rawValue).where("id", .equal, originalId).run()
            return (stored, kind)
        }
    }

    /// The common path of issuing: `earlier` runs first in the transaction and names the receipt
    /// superseded, if any.
    private func issue(
        _ new: NewReceipt, unitId: Int64, formCode requestedFormCode: String?, idempotencyKey: String?, by author: String,
        seal: @Sendable (ReceiptDraft) throws -> ReceiptSealing,
        earlier: @Sendable (any SQLDatabase) async throws -> (Receipt, Supersession)?
    ) async throws -> (receipt: Receipt, created: Bool) {
        let checked = try Self.check(new, formCode: requestedFormCode, idempotencyKey: idempotencyKey)
        do {
            return try await backend.transaction(logger: logger) { database in
                if let idempotencyKey, let earlier = try await Self.receipt(unit: unitId, idempotencyKey: idempotencyKey, in: database) {
                    return (earlier, false)
                }
                let supersedes = try await earlier(database)
                let receipt = try await self.insertReceipt(checked, unitId: unitId, formCode: requestedFormCode,
                                                           idempotencyKey: idempotencyKey, by: author, supersedes: supersedes,
                                                           seal: seal, in: database)
                return (receipt, true)
            }
        } catch {
            // Two requests with one key at once: the later insert met the earlier one's key and
            // was rolled back, number and all. The earlier receipt is the answer.
            if let idempotencyKey, let earlier = try? await backend.withDatabase(logger: logger, { database in
                try await Self.receipt(unit: unitId, idempotencyKey: idempotencyKey, in: database)
            }) {
                return (earlier, false)
            }
            throw error
        }
    }

    /// Numbers, seals and stores a checked receipt inside the caller's transaction; settles its
    /// bill when it names one (the bill must be the unit's and still open).
    func insertReceipt(
        _ checked: NewReceipt, unitId: Int64, formCode requestedFormCode: String?, idempotencyKey: String?, by author: String,
        supersedes: (Receipt, Supersession)?, seal: @Sendable (ReceiptDraft) throws -> ReceiptSealing, in database: any SQLDatabase
    ) async throws -> Receipt {
        let unit = try await Self.unit(unitId, in: database, forUpdate: false)
        let activeKey = try await database.select().columns(Self.signingKeyColumns).from("signing_keys")
            .where("unit_id", .equal, unitId).where("status", .equal, IssuerKey.Status.active.rawValue)
            .first(decoding: IssuerKey.self)
        var bill: Bill?
        if let billId = checked.billId { bill = try await Self.openBill(billId, unit: unitId, in: database) }
        let formCode = requestedFormCode ?? unit.receiptFormCode
        let issuedAt = self.now()
        let series = Self.series(of: issuedAt)
        let number = try await Self.nextNumber(unit: unitId, formCode: formCode, series: series, in: database)
        let place = ReceiptNumber(unitId: unitId, formCode: formCode, series: series, number: number, issuedAt: issuedAt)
        let sealing = try seal(ReceiptDraft(number: place, receipt: checked, unit: unit, activeKey: activeKey,
                                            supersedes: supersedes.map { (receipt: $0.0, kind: $0.1) }))
        let itemsJSON = String(decoding: try JSONEncoder().encode(checked.items ?? []), as: UTF8.self)
        let row = try await database.insert(into: "receipts")
            .columns("unit_id", "form_code", "series", "number", "issued_at", "payer_name", "payer_reference",
                     "payer_address", "fee_type", "items", "amount", "amount_in_words", "method", "bill_id", "status",
                     "supersedes_id", "kid", "seal", "idempotency_key", "issued_by")
            .values(SQLBind(unitId), SQLBind(formCode), SQLBind(series), SQLBind(number), SQLBind(issuedAt),
                    SQLBind(checked.payerName), SQLBind(checked.payerReference), SQLBind(checked.payerAddress),
                    SQLBind(checked.feeType), SQLBind(itemsJSON), SQLBind(Int64(checked.amount)),
                    SQLBind(sealing.amountInWords), SQLBind(checked.method.rawValue), SQLBind(checked.billId),
                    SQLBind(Receipt.Status.issued.rawValue), SQLBind(supersedes?.0.id), SQLBind(sealing.kid),
                    SQLBind(sealing.seal), SQLBind(idempotencyKey), SQLBind(author))
            .returning(Self.receiptColumns)
            .first(decoding: ReceiptRow.self)
        let receipt = try expect(row, "the receipt just inserted").receipt()
        if let bill { try await Self.settle(bill, with: receipt, in: database) }
        return receipt
    }

    /// The receipts of unit `unitId` that were replaced or adjusted (in `series`, or in every
    /// series), with the receipts that superseded them, in order of number.
    public func supersededReceipts(unit unitId: Int64, series: String? = nil) async throws -> [SupersededReceipt] {
        try await backend.withDatabase(logger: logger) { database in
            let query = database.select()
                .column(SQLColumn("form_code", table: "old"), as: "formCode")
                .column(SQLColumn("series", table: "old"), as: "series")
                .column(SQLColumn("number", table: "old"), as: "number")
                .column(SQLColumn("status", table: "old"), as: "status")
                .column(SQLColumn("form_code", table: "new"), as: "byFormCode")
                .column(SQLColumn("series", table: "new"), as: "bySeries")
                .column(SQLColumn("number", table: "new"), as: "byNumber")
                .from(SQLAlias(SQLIdentifier("receipts"), as: SQLIdentifier("old")))
                .join(SQLAlias(SQLIdentifier("receipts"), as: SQLIdentifier("new")), on:
                    SQLColumn("supersedes_id", table: "new"), .equal, SQLColumn("id", table: "old"))
                .where(SQLColumn("unit_id", table: "old"), .equal, SQLBind(unitId))
                .where(SQLColumn("status", table: "old"), .notEqual, SQLBind(Receipt.Status.issued.rawValue))
            if let series { query.where(SQLColumn("series", table: "old"), .equal, SQLBind(series)) }
            return try await query
                .orderBy(SQLColumn("form_code", table: "old")).orderBy(SQLColumn("series", table: "old"))
                .orderBy(SQLColumn("number", table: "old"))
                .all(decoding: SupersededRow.self).map(\.superseded)
        }
    }

    /// The receipt of unit `unitId` with this form code, series and number, if it was issued.
    public func receipt(unit unitId: Int64, formCode: String, series: String, number: Int64) async throws -> Receipt? {
        try await backend.withDatabase(logger: logger) { database in
            try await database.select().columns(Self.receiptColumns).from("receipts")
                .where("unit_id", .equal, unitId).where("form_code", .equal, formCode)
                .where("series", .equal, series).where("number", .equal, number)
                .first(decoding: ReceiptRow.self)?.receipt()
        }
    }

    /// The receipt with `id`.
    public func receipt(_ id: Int64) async throws -> Receipt {
        try await backend.withDatabase(logger: logger) { database in
            guard let row = try await database.select().columns(Self.receiptColumns).from("receipts")
                .where("id", .equal, id).first(decoding: ReceiptRow.self)
            else { throw LedgerError.notFound(.receipt, id: id) }
            return try row.receipt()
        }
    }

    /// The receipts of a unit, one page at a time by ascending id.
    public func listReceipts(unit unitId: Int64, page: PageRequest = .init()) async throws -> Page<Receipt> {
        try page.check()
        return try await backend.withDatabase(logger: logger) { database in
            let rows = try await database.select().columns(Self.receiptColumns).from("receipts")
                .where("unit_id", .equal, unitId).page(page, decoding: ReceiptRow.self)
            return Page(items: try rows.items.map { try $0.receipt() }, nextCursor: rows.nextCursor)
        }
    }

    /// The unit's latest `limit` receipts, newest first: what a bursar's page lists.
    public func latestReceipts(unit unitId: Int64, limit: Int = 50) async throws -> [Receipt] {
        try await backend.withDatabase(logger: logger) { database in
            try await database.select().columns(Self.receiptColumns).from("receipts").where("unit_id", .equal, unitId)
                .orderBy("id", .descending).limit(limit).all(decoding: ReceiptRow.self).map { try $0.receipt() }
        }
    }

    /// The series of a receipt issued at `date`: the year in Vietnam, two digits, and "T".
    static func series(of date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 7 * 3600)!
        return String(format: "%02dT", calendar.component(.year, from: date) % 100)
    }

    /// The next number of a series, taken under the counter row's lock in one statement (an
    /// upsert: the first receipt of a series makes its row with 1, the next ones add 1; the row
    /// stays locked until the transaction ends on PostgreSQL; SQLite's `BEGIN IMMEDIATE` has the
    /// whole database).
    private static func nextNumber(unit: Int64, formCode: String, series: String, in database: any SQLDatabase) async throws -> Int64 {
        let row = try await database.insert(into: "receipt_counters")
            .columns("unit_id", "form_code", "series", "last_number")
            .values(SQLBind(unit), SQLBind(formCode), SQLBind(series), SQLBind(Int64(1)))
            .onConflict(with: ["unit_id", "form_code", "series"]) { update in
                update.set(SQLIdentifier("last_number"), to: SQLRaw("receipt_counters.last_number + 1"))
            }
            .returning("last_number")
            .first(decodingColumn: "last_number", as: Int64.self)
        let number = try expect(row, "the counter of series \(series)")
        guard number <= maximumReceiptNumber else {
            throw LedgerError.conflict(FieldProblem(field: "series", reason: "series \(series) of \(formCode) is full (\(maximumReceiptNumber) receipts)"))
        }
        return number
    }

    private static func receipt(unit: Int64, idempotencyKey: String, in database: any SQLDatabase) async throws -> Receipt? {
        try await database.select().columns(receiptColumns).from("receipts")
            .where("unit_id", .equal, unit).where("idempotency_key", .equal, idempotencyKey)
            .first(decoding: ReceiptRow.self)?.receipt()
    }

    static func check(_ new: NewReceipt, formCode: String?, idempotencyKey: String?) throws(LedgerError) -> NewReceipt {
        var check = FieldChecker()
        var cleaned = new
        cleaned.payerName = check.required(new.payerName, "payerName")
        cleaned.payerReference = check.optional(new.payerReference, "payerReference", limit: 40)
        cleaned.payerAddress = check.optional(new.payerAddress, "payerAddress", limit: 500)
        cleaned.feeType = check.required(new.feeType, "feeType", limit: 100)
        if new.amount == 0 || new.amount > 9_999_999_999_999 {
            check.problem("amount", "must be a whole number of đồng from 1 to 9,999,999,999,999")
        }
        if let items = new.items, !items.isEmpty {
            for (index, item) in items.enumerated() {
                cleaned.items?[index].label = check.required(item.label, "items[\(index)].label", limit: 100)
            }
            let total = items.reduce(UInt64(0)) { $0 &+ $1.amount }
            if total != new.amount { check.problem("items", "add up to \(total) đồng, not the amount \(new.amount)") }
        }
        if let formCode { check.formCode(formCode, "formCode") }
        if let idempotencyKey, idempotencyKey.isEmpty || idempotencyKey.count > 200 {
            check.problem("Idempotency-Key", "must be 1 to 200 characters")
        }
        try check.finish()
        return cleaned
    }
}

/// A row of ``Ledger/supersededReceipts(unit:series:)``.
private struct SupersededRow: Decodable {
    var formCode: String
    var series: String
    var number: Int64
    var status: Receipt.Status
    var byFormCode: String
    var bySeries: String
    var byNumber: Int64

    var superseded: SupersededReceipt {
        SupersededReceipt(formCode: formCode, series: series, number: number, status: status,
                          byFormCode: byFormCode, bySeries: bySeries, byNumber: byNumber)
    }
}

/// A `receipts` row: items as JSON text, the amount as a signed integer.
struct ReceiptRow: Decodable, Identifiable {
    var id: Int64
    var unitId: Int64
    var formCode: String
    var series: String
    var number: Int64
    var issuedAt: Date
    var payerName: String
    var payerReference: String?
    var payerAddress: String?
    var feeType: String
    var items: String
    var amount: Int64
    var amountInWords: String
    var method: Receipt.Method
    var billId: Int64?
    var status: Receipt.Status
    var supersedesId: Int64?
    var kid: String
    var seal: String

    func receipt() throws -> Receipt {
        Receipt(id: id, unitId: unitId, formCode: formCode, series: series, number: number, issuedAt: issuedAt,
                payerName: payerName, payerReference: payerReference, payerAddress: payerAddress, feeType: feeType,
                items: try JSONDecoder().decode([Receipt.Item].self, from: Data(items.utf8)), amount: UInt64(amount),
                amountInWords: amountInWords, method: method, billId: billId, status: status, supersedesId: supersedesId,
                kid: kid, seal: seal)
    }
}
