import Foundation
import Rules
import SQLKit
import VietnamCalendar

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
    /// the number of servers. With an idempotency key the unit used before for the same request,
    /// nothing is issued and the receipt it issued is returned with `created` false; used before
    /// for another request, it is refused (`idempotency_key_reused`) and nothing is written.
    public func issueReceipt(
        _ new: NewReceipt,
        unitId: Int64,
        formCode: String? = nil,
        idempotency: IdempotencyClaim? = nil,
        by author: String,
        seal: @escaping @Sendable (ReceiptDraft) throws -> ReceiptSealing
    ) async throws -> (receipt: Receipt, created: Bool) {
        try await issue(
            new,
            unitId: unitId,
            formCode: formCode,
            idempotency: idempotency,
            by: author,
            seal: seal,
            superseding: nil,
            earlier: nil
        )
    }

    /// Issues a receipt that replaces or adjusts receipt `originalId`, in its unit and form code,
    /// and marks the original `replaced` or `adjusted`, in one transaction. Only a receipt still
    /// `issued` can be superseded (a replacement is itself replaced, not its original again). An
    /// idempotency key answers as in ``issueReceipt(_:unitId:formCode:idempotency:by:seal:)``.
    public func supersedeReceipt(
        _ originalId: Int64,
        _ kind: Supersession,
        with new: NewReceipt,
        idempotency: IdempotencyClaim? = nil,
        by author: String,
        seal: @escaping @Sendable (ReceiptDraft) throws -> ReceiptSealing
    ) async throws -> (receipt: Receipt, created: Bool) {
        let original = try await receipt(originalId)
        return try await issue(
            new,
            unitId: original.unitId,
            formCode: original.formCode,
            idempotency: idempotency,
            by: author,
            seal: seal,
            superseding: originalId
        ) { database in
            guard
                let stored = try await database.select().columns(Self.receiptColumns).from("receipts")
                    .where("id", .equal, originalId).for(.update).first(decoding: ReceiptRow.self)?.receipt()
            else { throw LedgerError.notFound(.receipt, id: originalId) }
            guard stored.status == .issued else {
                throw LedgerError.conflict(
                    FieldProblem(
                        field: "status",
                        reason:
                            "receipt \(stored.series) \(stored.number) was \(stored.status.rawValue) already; mend the receipt that superseded it"
                    )
                )
            }
            try await database.update("receipts").set("status", to: kind.status.rawValue).where("id", .equal, originalId).run()
            return (stored, kind)
        }
    }

    /// The common path of issuing: `earlier` runs first in the transaction and names the receipt
    /// superseded, if any (receipt `superseding`). The receipt is issued together with the unit's other receipts being
    /// issued at the same time (``issueBatch(_:unit:)``): one transaction, one durable commit.
    private func issue(
        _ new: NewReceipt,
        unitId: Int64,
        formCode requestedFormCode: String?,
        idempotency: IdempotencyClaim?,
        by author: String,
        seal: @escaping @Sendable (ReceiptDraft) throws -> ReceiptSealing,
        superseding: Int64?,
        earlier: (@Sendable (any SQLDatabase) async throws -> (Receipt, Supersession)?)?
    ) async throws -> (receipt: Receipt, created: Bool) {
        let checked = try Self.check(new, formCode: requestedFormCode, idempotencyKey: idempotency?.key)
        let request = IssueRequest(
            receipt: checked,
            formCode: requestedFormCode,
            idempotency: idempotency,
            author: author,
            seal: seal,
            supersedesId: superseding,
            earlier: earlier
        )
        do {
            let issued = try await receiptQueue.submit(request, group: unitId) { batch in
                await self.issueBatch(batch, unit: unitId)
            }
            return (issued.receipt, issued.created)
        } catch {
            // Two requests with one key at once (on two servers): the later insert met the earlier
            // one's key and was rolled back, number and all. The earlier receipt is the answer, if
            // it was issued for the same request.
            if let idempotency,
                let earlier = try? await backend.withDatabase(
                    logger: logger,
                    { database in
                        try await Self.receipt(unit: unitId, idempotencyKey: idempotency.key, in: database)
                    }
                )
            {
                return (try Self.replay(earlier, for: idempotency), false)
            }
            throw error
        }
    }

    /// Numbers, seals and stores a checked receipt inside the caller's transaction; settles its
    /// bill when it names one (the bill must be the unit's and still open); the receipt it
    /// supersedes no longer counts in the fee totals. `issuer` is the
    /// unit and its active key, read in the same transaction. A receipt for a payment names it
    /// (`payment`; at most one receipt per payment, by a unique index); `billSettled` says that its
    /// bill was settled already, when the payment was recorded.
    func insertReceipt(
        _ checked: NewReceipt,
        issuer: Issuer,
        formCode requestedFormCode: String?,
        idempotency: IdempotencyClaim?,
        by author: String,
        supersedes: (Receipt, Supersession)?,
        payment paymentId: Int64? = nil,
        billSettled: Bool = false,
        seal: @Sendable (ReceiptDraft) throws -> ReceiptSealing,
        in database: any SQLDatabase
    ) async throws -> Receipt {
        var bill: Bill?
        if let billId = checked.billId, !billSettled { bill = try await Self.openBill(billId, unit: issuer.unit.id, in: database) }
        let formCode = requestedFormCode ?? issuer.unit.receiptFormCode
        let issuedAt = self.now()
        let series = Self.series(of: issuedAt)
        let number = try await Self.takeNumbers(1, unit: issuer.unit.id, formCode: formCode, series: series, in: database)
        let place = ReceiptNumber(unitId: issuer.unit.id, formCode: formCode, series: series, number: number, issuedAt: issuedAt)
        let sealing = try seal(
            ReceiptDraft(
                number: place,
                receipt: checked,
                unit: issuer.unit,
                activeKey: issuer.activeKey,
                supersedes: supersedes.map { (receipt: $0.0, kind: $0.1) }
            )
        )
        let row = try await Self.insertReceipts(
            [
                ReceiptRecord(
                    place: place,
                    receipt: checked,
                    sealing: sealing,
                    supersedesId: supersedes?.0.id,
                    idempotency: idempotency,
                    paymentId: paymentId,
                    author: author
                )
            ],
            in: database
        )
        let receipt = try expect(row.first, "the receipt just inserted")
        if let (original, _) = supersedes {
            // After the counter, as every path takes the rows of the totals (no lock cycle).
            try await Self.addToFeeTotals(
                Self.feeDeltas([(original.unitId, original.issuedAt, original.method, original.amount)], standing: false),
                in: database
            )
        }
        if let bill { try await Self.settle(bill, amount: receipt.amount, receiptId: receipt.id, in: database) }
        return receipt
    }

    /// The receipts of unit `unitId` that were replaced or adjusted (in `series`, or in every
    /// series), with the receipts that superseded them, in order of number.
    public func supersededReceipts(unit unitId: Int64, series: String? = nil) async throws -> [SupersededReceipt] {
        try await backend.withDatabase(logger: logger) { database in
            try await Self.supersededQuery(unit: unitId, series: series, in: database).all(decoding: SupersededRow.self).map(\.superseded)
        }
    }

    /// The status list's query: from the unit's receipts that supersede another (an index on
    /// unit and superseded receipt), never from every receipt the unit issued. A receipt
    /// supersedes only one of its own unit.
    static func supersededQuery(unit unitId: Int64, series: String?, in database: any SQLDatabase) -> SQLSelectBuilder {
        let query = database.select()
            .column(SQLColumn("form_code", table: "old"), as: "formCode")
            .column(SQLColumn("series", table: "old"), as: "series")
            .column(SQLColumn("number", table: "old"), as: "number")
            .column(SQLColumn("status", table: "old"), as: "status")
            .column(SQLColumn("form_code", table: "new"), as: "byFormCode")
            .column(SQLColumn("series", table: "new"), as: "bySeries")
            .column(SQLColumn("number", table: "new"), as: "byNumber")
            .from(SQLAlias(SQLIdentifier("receipts"), as: SQLIdentifier("old")))
            .join(
                SQLAlias(SQLIdentifier("receipts"), as: SQLIdentifier("new")),
                on: SQLColumn("supersedes_id", table: "new"),
                .equal,
                SQLColumn("id", table: "old")
            )
            .where(SQLColumn("unit_id", table: "new"), .equal, SQLBind(unitId))
            .where(SQLColumn("supersedes_id", table: "new"), .isNot, SQLLiteral.null)
            .where(SQLColumn("status", table: "old"), .notEqual, SQLBind(Receipt.Status.issued.rawValue))
        if let series { query.where(SQLColumn("series", table: "old"), .equal, SQLBind(series)) }
        return query.orderBy(SQLColumn("form_code", table: "old")).orderBy(SQLColumn("series", table: "old"))
            .orderBy(SQLColumn("number", table: "old"))
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
            guard
                let row = try await database.select().columns(Self.receiptColumns).from("receipts")
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
        String(format: "%02dT", vietnamCalendar.component(.year, from: date) % 100)
    }

    /// The calendar of receipts' series and of the months fees count in.
    static let vietnamCalendar = Calendar.vietnam

    /// Takes the next `count` numbers of a series under the counter row's lock in one statement
    /// (an upsert: the first receipts of a series make its row, the next ones add to it; the row
    /// stays locked until the transaction ends on PostgreSQL; SQLite's `BEGIN IMMEDIATE` has the
    /// whole database) and returns the last of them.
    static func takeNumbers(
        _ count: Int64,
        unit: Int64,
        formCode: String,
        series: String,
        in database: any SQLDatabase
    ) async throws -> Int64 {
        let row = try await database.insert(into: "receipt_counters")
            .columns("unit_id", "form_code", "series", "last_number")
            .values(SQLBind(unit), SQLBind(formCode), SQLBind(series), SQLBind(count))
            .onConflict(with: ["unit_id", "form_code", "series"]) { update in
                update.set(SQLIdentifier("last_number"), to: SQLRaw("receipt_counters.last_number + \(count)"))
            }
            .returning("last_number")
            .first(decodingColumn: "last_number", as: Int64.self)
        let last = try expect(row, "the counter of series \(series)")
        guard last <= maximumReceiptNumber else {
            throw LedgerError.conflict(
                FieldProblem(field: "series", reason: "series \(series) of \(formCode) is full (\(maximumReceiptNumber) receipts)")
            )
        }
        return last
    }

    /// Gives back the numbers after `last` that were taken but not used: the counter of the series
    /// is set to `last` (inside the transaction that took them, so no one else took any meanwhile).
    static func returnNumbers(
        after last: Int64,
        unit: Int64,
        formCode: String,
        series: String,
        in database: any SQLDatabase
    ) async throws {
        try await database.update("receipt_counters").set("last_number", to: last)
            .where("unit_id", .equal, unit).where("form_code", .equal, formCode).where("series", .equal, series)
            .run()
    }

    /// Stores sealed receipts in one statement, adds them to the fee totals, queues the delivery
    /// of those that settle a bill with a contact (``queueDeliveries(for:in:)``), and returns them
    /// as stored, in the same order.
    static func insertReceipts(_ records: [ReceiptRecord], in database: any SQLDatabase) async throws -> [Receipt] {
        let insert = database.insert(into: "receipts")
            .columns(
                "unit_id",
                "form_code",
                "series",
                "number",
                "issued_at",
                "payer_name",
                "payer_reference",
                "payer_address",
                "fee_type",
                "items",
                "amount",
                "amount_in_words",
                "method",
                "bill_id",
                "status",
                "supersedes_id",
                "kid",
                "seal",
                "idempotency_key",
                "idempotency_fingerprint",
                "payment_id",
                "issued_by"
            )
        for record in records {
            let receipt = record.receipt
            let place = record.place
            let itemsJSON = String(decoding: try JSONEncoder().encode(receipt.items ?? []), as: UTF8.self)
            insert.values(
                SQLBind(place.unitId),
                SQLBind(place.formCode),
                SQLBind(place.series),
                SQLBind(place.number),
                SQLBind(place.issuedAt),
                SQLBind(receipt.payerName),
                SQLBind(receipt.payerReference),
                SQLBind(receipt.payerAddress),
                SQLBind(receipt.feeType),
                SQLBind(itemsJSON),
                SQLBind(Int64(receipt.amount)),
                SQLBind(record.sealing.amountInWords),
                SQLBind(receipt.method.rawValue),
                SQLBind(receipt.billId),
                SQLBind(Receipt.Status.issued.rawValue),
                SQLBind(record.supersedesId),
                SQLBind(record.sealing.kid),
                SQLBind(record.sealing.seal),
                SQLBind(record.idempotency?.key),
                SQLBind(record.idempotency?.fingerprint),
                SQLBind(record.paymentId),
                SQLBind(record.author)
            )
        }
        try await addToFeeTotals(
            feeDeltas(records.map { ($0.place.unitId, $0.place.issuedAt, $0.receipt.method, $0.receipt.amount) }),
            in: database
        )
        // The order of the rows a multi-row insert returns is not promised: match them by number.
        let stored = try await insert.returning(receiptColumns).all(decoding: ReceiptRow.self).map { try $0.receipt() }
        // Sent to the payers after the commit: queued in the same transaction, so a receipt is never issued unsent.
        try await queueDeliveries(for: stored, in: database)
        let byPlace = Dictionary(
            stored.map { (ReceiptPlace(formCode: $0.formCode, series: $0.series, number: $0.number), $0) },
            uniquingKeysWith: { first, _ in first }
        )
        return try records.map { record in
            try expect(
                byPlace[ReceiptPlace(formCode: record.place.formCode, series: record.place.series, number: record.place.number)],
                "receipt \(record.place.series) \(record.place.number) just inserted"
            )
        }
    }

    /// The receipts unit `unit` issued under `keys`, by key, each with the fingerprint of the request
    /// that used the key (nil for receipts stored before keys were bound to their requests).
    static func receipts(unit: Int64, idempotencyKeys keys: [String], in database: any SQLDatabase) async throws -> [String: KeyedReceipt] {
        guard !keys.isEmpty else { return [:] }
        let rows = try await database.select().columns(receiptColumns).column("idempotency_key").column("idempotency_fingerprint")
            .from("receipts").where("unit_id", .equal, unit).where("idempotency_key", .in, keys)
            .all()
        var found: [String: KeyedReceipt] = [:]
        for row in rows {
            found[try row.decode(column: "idempotency_key", as: String.self)] = KeyedReceipt(
                receipt: try row.decode(model: ReceiptRow.self).receipt(),
                fingerprint: try row.decode(column: "idempotency_fingerprint", as: String?.self)
            )
        }
        return found
    }

    static func receipt(unit: Int64, idempotencyKey: String, in database: any SQLDatabase) async throws -> KeyedReceipt? {
        try await receipts(unit: unit, idempotencyKeys: [idempotencyKey], in: database)[idempotencyKey]
    }

    /// The receipt unit `unitId` issued under `claim`'s key, when the key was used for the same
    /// request; nil when the unit never used the key. Used for another request, it is refused
    /// (``LedgerError/invalid(_:)`` with `idempotency_key_reused`): what a page form checks first,
    /// so that a form sent twice shows what the first sending did.
    public func receipt(replaying claim: IdempotencyClaim, unit unitId: Int64) async throws -> Receipt? {
        let earlier = try await backend.withDatabase(logger: logger) { database in
            try await Self.receipt(unit: unitId, idempotencyKey: claim.key, in: database)
        }
        return try earlier.map { try Self.replay($0, for: claim) }
    }

    /// The receipt issued under `claim`'s key, if it was issued for the same request; else the
    /// refusal of a key used for another request.
    static func replay(_ earlier: KeyedReceipt, for claim: IdempotencyClaim) throws(LedgerError) -> Receipt {
        // Receipts stored before keys were bound to their requests have no fingerprint: as then, the key answers.
        guard earlier.fingerprint == nil || earlier.fingerprint == claim.fingerprint else { throw reused(claim) }
        return earlier.receipt
    }

    /// The refusal of a key the unit used before for another request.
    static func reused(_ claim: IdempotencyClaim) -> LedgerError {
        .invalid([
            FieldProblem(
                field: "Idempotency-Key",
                code: .idempotencyKeyReused,
                reason: "was used before for another request (another body, route or record): a new request takes a new key"
            )
        ])
    }

    static func check(_ new: NewReceipt, formCode: String?, idempotencyKey: String?) throws(LedgerError) -> NewReceipt {
        var check = FieldChecker()
        var cleaned = new
        cleaned.payerName = check.required(new.payerName, "payerName")
        cleaned.payerReference = check.optional(new.payerReference, "payerReference", limit: 40)
        cleaned.payerAddress = check.optional(new.payerAddress, "payerAddress", limit: 500)
        cleaned.feeType = check.required(new.feeType, "feeType", limit: 100)
        check.amount(new.amount)
        if let items = new.items, !items.isEmpty {
            for (index, item) in items.enumerated() {
                cleaned.items?[index].label = check.required(item.label, "items[\(index)].label", limit: 100)
                check.amount(item.amount, "items[\(index)].amount")
            }
            do {
                let total = try Amount.total(items.map(\.amount))
                if total != new.amount {
                    check.problem("items", .itemsSum, "add up to \(total) đồng, not the amount \(new.amount)")
                }
            } catch {
                check.problem("items", error)
            }
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
        SupersededReceipt(
            formCode: formCode,
            series: series,
            number: number,
            status: status,
            byFormCode: byFormCode,
            bySeries: bySeries,
            byNumber: byNumber
        )
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
        Receipt(
            id: id,
            unitId: unitId,
            formCode: formCode,
            series: series,
            number: number,
            issuedAt: issuedAt,
            payerName: payerName,
            payerReference: payerReference,
            payerAddress: payerAddress,
            feeType: feeType,
            items: try JSONDecoder().decode([Receipt.Item].self, from: Data(items.utf8)),
            amount: UInt64(amount),
            amountInWords: amountInWords,
            method: method,
            billId: billId,
            status: status,
            supersedesId: supersedesId,
            kid: kid,
            seal: seal
        )
    }
}
