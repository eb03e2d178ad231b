import Foundation
import SQLKit

extension Ledger {
    private static let bankChangeColumns = propertyColumns([
        "id", "commune_id", "unit_id", "vendor_id", "stall", "old_bank_bin", "old_account", "old_holder",
        "new_bank_bin", "new_account", "new_holder", "changed_at", "changed_by",
    ])

    /// The bank account changes of commune `communeId`'s units and stalls that `filter` selects,
    /// one page at a time by ascending id (oldest first).
    public func bankAccountChanges(
        commune communeId: Int64,
        _ filter: BankAccountChangeFilter = .init(),
        page: PageRequest = .init()
    ) async throws -> Page<BankAccountChange> {
        try page.check()
        return try await backend.withDatabase(logger: logger) { database in
            guard try await database.select().column("id").from("communes").where("id", .equal, communeId).first() != nil else {
                throw LedgerError.notFound(.commune, id: communeId)
            }
            let query = database.select().columns(Self.bankChangeColumns).from("bank_account_changes")
                .where("commune_id", .equal, communeId)
            if let unitId = filter.unitId { query.where("unit_id", .equal, unitId) }
            return try await query.page(page, decoding: BankAccountChange.self)
        }
    }

    /// The last `limit` bank account changes of commune `communeId`'s units and stalls, newest first.
    public func latestBankAccountChanges(commune communeId: Int64, limit: Int) async throws -> [BankAccountChange] {
        try await backend.withDatabase(logger: logger) { database in
            try await database.select().columns(Self.bankChangeColumns).from("bank_account_changes")
                .where("commune_id", .equal, communeId)
                .orderBy("id", .descending).limit(limit)
                .all(decoding: BankAccountChange.self)
        }
    }

    /// Records the changes of bank accounts in `changes` made at `now` by `author` (those whose
    /// account did not change are left out), a few hundred per statement.
    static func recordBankChanges(_ changes: [PendingBankChange], at now: Date, by author: String, _ database: any SQLDatabase) async throws {
        let changed = changes.filter { $0.old != $0.new }
        for start in stride(from: 0, to: changed.count, by: 400) {
            let insert = database.insert(into: "bank_account_changes")
                .columns(
                    "commune_id",
                    "unit_id",
                    "vendor_id",
                    "stall",
                    "old_bank_bin",
                    "old_account",
                    "old_holder",
                    "new_bank_bin",
                    "new_account",
                    "new_holder",
                    "changed_at",
                    "changed_by"
                )
            for change in changed[start..<min(start + 400, changed.count)] {
                insert.values(
                    SQLBind(change.communeId),
                    SQLBind(change.unitId),
                    SQLBind(change.vendorId),
                    SQLBind(change.stall),
                    SQLBind(change.old.bankBin),
                    SQLBind(change.old.account),
                    SQLBind(change.old.holder),
                    SQLBind(change.new.bankBin),
                    SQLBind(change.new.account),
                    SQLBind(change.new.holder),
                    SQLBind(now),
                    SQLBind(author)
                )
            }
            try await insert.run()
        }
    }

    /// The commune of market or unit `unitId`.
    static func communeId(ofUnit unitId: Int64, _ database: any SQLDatabase) async throws -> Int64 {
        guard
            let communeId = try await database.select().column("commune_id").from("units").where("id", .equal, unitId)
                .first(decodingColumn: "commune_id", as: Int64.self)
        else { throw LedgerError.notFound(.unit, id: unitId) }
        return communeId
    }
}

/// A bank account as a change records it.
struct BankAccountFields: Equatable {
    var bankBin: String?
    var account: String?
    var holder: String?
}

/// A change of a bank account to record, perhaps none (then it is left out).
struct PendingBankChange {
    var communeId: Int64
    var unitId: Int64
    var vendorId: Int64?
    var stall: String?
    var old: BankAccountFields
    var new: BankAccountFields
}

extension VendorFields {
    /// The stall's bank account.
    var bankAccount: BankAccountFields { BankAccountFields(bankBin: bankBin, account: account, holder: holder) }
}
