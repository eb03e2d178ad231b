import Foundation
import Rules
import SQLKit

extension Ledger {
    static let billColumns = propertyColumns([
        "id", "unit_id", "code", "payer_name", "payer_reference", "fee_type", "amount", "due_date", "payload", "status",
        "paid_amount", "receipt_id", "created_at", "pay_token", "payer_email", "payer_phone", "cancelled_at", "cancelled_by",
        "cancel_reason",
    ])

    /// Creates `bills` for unit `unitId`, all or none: each is checked (a problem names its line
    /// in `lines`, or its position from 1), `qr` gives its code and dynamic VietQR payload from
    /// the unit as stored, and a code the unit already uses is asked for again.
    public func createBills(
        _ bills: [NewBill],
        unit unitId: Int64,
        lines: [Int]? = nil,
        by author: String,
        qr: @Sendable (CommuneUnit, NewBill) throws -> BillQR
    ) async throws -> [Bill] {
        var problems: [FieldProblem] = []
        var checked: [NewBill] = []
        for (index, bill) in bills.enumerated() {
            var check = FieldChecker(line: lines?[index] ?? (bills.count > 1 ? index + 1 : nil))
            var clean = bill
            clean.payerName = check.required(bill.payerName, "payerName")
            clean.payerReference = check.optional(bill.payerReference, "payerReference", limit: 40)
            clean.feeType = check.required(bill.feeType, "feeType", limit: 100)
            check.amount(bill.amount)
            clean.dueDate = check.optional(bill.dueDate, "dueDate")
            if let due = clean.dueDate, !Self.isISODate(due) { check.problem("dueDate", .invalidDate, "'\(due)' is not a date like 2026-09-30") }
            clean.payerEmail = check.email(bill.payerEmail, "payerEmail")
            clean.payerPhone = check.phone(bill.payerPhone, "payerPhone")
            problems += check.problems
            checked.append(clean)
        }
        if bills.isEmpty { problems.append(FieldProblem(field: "bills", reason: "there are no bills")) }
        guard problems.isEmpty else { throw LedgerError.invalid(problems) }
        let now = self.now()
        return try await backend.transaction(logger: logger) { database in
            let unit = try await Self.unit(unitId, in: database, forUpdate: false)
            var made: [BillQR] = []
            var codes = Set<String>()
            for bill in checked {
                var attempt = try qr(unit, bill)
                while codes.contains(attempt.code) { attempt = try qr(unit, bill) }
                codes.insert(attempt.code)
                made.append(attempt)
            }
            // Codes are random: ask again for any this unit used before.
            for _ in 0..<5 {
                let taken = try await database.select().column("code").from("bills").where("unit_id", .equal, unitId)
                    .where("code", .in, made.map(\.code)).all(decodingColumn: "code", as: String.self)
                guard !taken.isEmpty else { break }
                for index in made.indices where taken.contains(made[index].code) {
                    repeat { made[index] = try qr(unit, checked[index]) } while codes.contains(made[index].code)
                    codes.insert(made[index].code)
                }
            }
            var stored: [Bill] = []
            for (bill, made) in zip(checked, made) {
                let row = try await database.insert(into: "bills")
                    .columns(
                        "unit_id",
                        "code",
                        "payer_name",
                        "payer_reference",
                        "fee_type",
                        "amount",
                        "due_date",
                        "payload",
                        "status",
                        "paid_amount",
                        "created_at",
                        "created_by",
                        "pay_token",
                        "payer_email",
                        "payer_phone"
                    )
                    .values(
                        SQLBind(unitId),
                        SQLBind(made.code),
                        SQLBind(bill.payerName),
                        SQLBind(bill.payerReference),
                        SQLBind(bill.feeType),
                        SQLBind(Int64(bill.amount)),
                        SQLBind(bill.dueDate),
                        SQLBind(made.payload),
                        SQLBind(Bill.Status.open.rawValue),
                        SQLBind(Int64(0)),
                        SQLBind(now),
                        SQLBind(author),
                        SQLBind(Self.newPayToken()),
                        SQLBind(bill.payerEmail),
                        SQLBind(bill.payerPhone)
                    )
                    .returning(Self.billColumns)
                    .first(decoding: BillRow.self)
                stored.append(try expect(row, "the bill just inserted").bill)
            }
            return stored
        }
    }

    /// The bill with `id`.
    public func bill(_ id: Int64) async throws -> Bill {
        try await backend.withDatabase(logger: logger) { database in
            guard
                let row = try await database.select().columns(Self.billColumns).from("bills").where("id", .equal, id)
                    .first(decoding: BillRow.self)
            else { throw LedgerError.notFound(.bill, id: id) }
            return row.bill
        }
    }

    /// The bills with `ids` (those that exist), by id: one query for every 500.
    public func bills(_ ids: some Collection<Int64>) async throws -> [Int64: Bill] {
        let wanted = Array(Set(ids)).sorted()
        guard !wanted.isEmpty else { return [:] }
        return try await backend.withDatabase(logger: logger) { database in
            var bills: [Int64: Bill] = [:]
            for start in stride(from: 0, to: wanted.count, by: 500) {
                let rows = try await database.select().columns(Self.billColumns).from("bills")
                    .where("id", .in, Array(wanted[start..<min(wanted.count, start + 500)])).all(decoding: BillRow.self)
                for row in rows { bills[row.id] = row.bill }
            }
            return bills
        }
    }

    /// Unit `unitId`'s bill with `code` (`HP26 7K3QX`, as stored). A code the unit has no bill
    /// with is refused the same whether no unit has it or another unit does: a caller learns
    /// nothing of other units' bills.
    public func bill(unit unitId: Int64, code: String) async throws -> Bill {
        try await scopedBill(unit: unitId, field: "bill", named: code) { $0.where("code", .equal, code) }
    }

    /// Unit `unitId`'s bill `id`, refused alike whether it does not exist or is another unit's.
    public func bill(_ id: Int64, unit unitId: Int64) async throws -> Bill {
        try await scopedBill(unit: unitId, field: "billId", named: "\(id)") { $0.where("id", .equal, id) }
    }

    private func scopedBill(
        unit unitId: Int64,
        field: String,
        named name: String,
        _ filter: @Sendable (SQLSelectBuilder) -> SQLSelectBuilder
    ) async throws -> Bill {
        try await backend.withDatabase(logger: logger) { database in
            guard
                let row = try await filter(database.select().columns(Self.billColumns).from("bills").where("unit_id", .equal, unitId))
                    .first(decoding: BillRow.self)
            else {
                throw LedgerError.invalidReference(
                    FieldProblem(field: field, code: .unknownReference, reason: "the unit has no bill \(name)")
                )
            }
            return row.bill
        }
    }

    /// The bills of a unit (only those of `status` when given), one page at a time by ascending id.
    public func listBills(unit unitId: Int64, status: Bill.Status? = nil, page: PageRequest = .init()) async throws -> Page<Bill> {
        try page.check()
        return try await backend.withDatabase(logger: logger) { database in
            let query = database.select().columns(Self.billColumns).from("bills").where("unit_id", .equal, unitId)
            if let status { query.where("status", .equal, status.rawValue) }
            let rows = try await query.page(page, decoding: BillRow.self)
            return Page(items: rows.items.map(\.bill), nextCursor: rows.nextCursor)
        }
    }

    /// Bill `id` under its row lock, if it is unit `unitId`'s and still open.
    static func openBill(_ id: Int64, unit unitId: Int64, in database: any SQLDatabase) async throws -> Bill {
        guard
            let bill = try await database.select().columns(billColumns).from("bills").where("id", .equal, id)
                .for(.update).first(decoding: BillRow.self)?.bill, bill.unitId == unitId
        else {
            throw LedgerError.invalidReference(FieldProblem(field: "billId", code: .unknownReference, reason: "unit \(unitId) has no bill \(id)"))
        }
        guard bill.status == .open else {
            let why = bill.status == .cancelled ? "was cancelled" : "is paid already"
            throw LedgerError.conflict(FieldProblem(field: "billId", reason: "bill \(bill.code) \(why)"))
        }
        return bill
    }

    /// Counts `amount` against `bill`, under its row lock; the bill is paid once what came covers
    /// it, with `receiptId` as the receipt that completed it (nil while a payment's receipt waits
    /// to be sealed: it is set when the receipt is issued).
    static func settle(_ bill: Bill, amount: UInt64, receiptId: Int64?, in database: any SQLDatabase) async throws {
        let paid = bill.paidAmount + amount
        let update = database.update("bills").set("paid_amount", to: Int64(paid))
        if paid >= bill.amount {
            update.set("status", to: Bill.Status.paid.rawValue).set("receipt_id", to: receiptId)
        }
        try await update.where("id", .equal, bill.id).run()
    }

    static func isISODate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return false }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components) else { return false }
        let back = calendar.dateComponents([.year, .month, .day], from: date)
        return back.year == year && back.month == month && back.day == day
    }
}

/// A `bills` row: amounts as signed integers.
struct BillRow: Decodable, Identifiable {
    var id: Int64
    var unitId: Int64
    var code: String
    var payerName: String
    var payerReference: String?
    var feeType: String
    var amount: Int64
    var dueDate: String?
    var payload: String
    var status: Bill.Status
    var paidAmount: Int64
    var receiptId: Int64?
    var createdAt: Date
    var payToken: String?
    var payerEmail: String?
    var payerPhone: String?
    var cancelledAt: Date?
    var cancelledBy: String?
    var cancelReason: String?

    var bill: Bill {
        Bill(
            id: id,
            unitId: unitId,
            code: code,
            payerName: payerName,
            payerReference: payerReference,
            feeType: feeType,
            amount: UInt64(amount),
            dueDate: dueDate,
            payload: payload,
            status: status,
            paidAmount: UInt64(paidAmount),
            receiptId: receiptId,
            createdAt: createdAt,
            payToken: payToken,
            payerEmail: payerEmail,
            payerPhone: payerPhone,
            cancelledAt: cancelledAt,
            cancelledBy: cancelledBy,
            cancelReason: cancelReason
        )
    }
}
