import Foundation
import Roster
import Rules
import SQLKit

extension Ledger {
    /// Registers or updates many stalls of a market by stall code, all or nothing, in one
    /// transaction (an upsert on the market's open stall codes). A code that no open stall of the
    /// market has makes a new stall, at the row's status or, when it gives none,
    /// ``EquipmentStatus/hasAccount`` (the row has an account). An open stall with the code takes
    /// the row's fields, keeping its phone and status where the row gives none. Status changes go
    /// to the history by `author`, and so do changes of an open stall's bank account. Importing the same rows again changes nothing. With `dryRun`
    /// the import is rolled back and only the counts are returned.
    ///
    /// Every bad row is reported at once (``LedgerError/invalid(_:)``, each problem with its line),
    /// and nothing is written.
    public func importStalls(
        _ entries: [StallEntry],
        into marketId: Int64,
        by author: String,
        dryRun: Bool = false
    ) async throws -> ImportSummary {
        defer { recentStalls.forgetAll() }
        var check = FieldChecker()
        let author = check.required(author, "by", limit: 100)
        try check.finish()
        let rows = try Self.checkedRows(entries)
        return try await backend.transaction(logger: logger, commit: !dryRun) { database in
            try await Self.lockMarket(marketId, in: database)
            let now = self.now()
            let open = try await database.select().columns(Self.vendorColumns).from("vendors")
                .where("market_id", .equal, marketId).where("closed_at", .is, SQLLiteral.null)
                .all(decoding: Vendor.self)
            let stored = Dictionary(open.map { ($0.stall.uppercased(), $0) }, uniquingKeysWith: { first, _ in first })

            var summary = ImportSummary(created: 0, updated: 0, unchanged: 0)
            var writes: [VendorFields] = []
            for row in rows {
                var fields = row.fields
                guard let vendor = stored[fields.stallKey] else {
                    fields.status = row.status ?? .hasAccount
                    writes.append(fields)
                    summary.created += 1
                    continue
                }
                fields.status = row.status ?? vendor.status
                if fields.phone == nil { fields.phone = vendor.phone }
                if fields == VendorFields(stored: vendor) {
                    summary.unchanged += 1
                } else {
                    writes.append(fields)
                    summary.updated += 1
                }
            }
            let statuses = Dictionary(writes.map { ($0.stallKey, $0.status) }, uniquingKeysWith: { first, _ in first })
            var changes: [PendingStatusChange] = []
            for written in try await Self.writeVendors(writes, into: marketId, at: now, database) {
                guard let status = statuses[written.openStallKey] else {
                    throw LedgerError.unexpected("the import wrote stall \(written.openStallKey), which it was not given")
                }
                let before = stored[written.openStallKey]?.status
                if before != status {
                    changes.append(PendingStatusChange(vendorId: written.id, from: before, to: status))
                }
            }
            try await Self.recordStatusChanges(changes, in: marketId, at: now, by: author, database)
            let accountChanges = writes.compactMap { fields -> PendingBankChange? in
                guard let vendor = stored[fields.stallKey] else { return nil }
                let old = VendorFields(stored: vendor).bankAccount
                return old == fields.bankAccount
                    ? nil
                    : PendingBankChange(communeId: 0, unitId: marketId, vendorId: vendor.id, stall: fields.stall, old: old, new: fields.bankAccount)
            }
            if !accountChanges.isEmpty {
                let communeId = try await Self.communeId(ofUnit: marketId, database)
                try await Self.recordBankChanges(
                    accountChanges.map {
                        var change = $0
                        change.communeId = communeId
                        return change
                    },
                    at: now,
                    by: author,
                    database
                )
            }
            return summary
        }
    }

    /// A row of an import, checked: its fields, and the status it gives, if any.
    private struct ImportRow {
        var fields: VendorFields
        var status: EquipmentStatus?
    }

    /// The rows cleaned and checked, or every problem of every row; a stall code may appear once.
    private static func checkedRows(_ entries: [StallEntry]) throws(LedgerError) -> [ImportRow] {
        var rows: [ImportRow] = []
        var problems: [FieldProblem] = []
        var firstLine: [String: Int] = [:]
        for entry in entries {
            var check = FieldChecker(line: entry.line)
            let fields = VendorFields(
                stall: entry.stall,
                name: entry.name,
                phone: entry.phone,
                bankBin: entry.bank.bin,
                account: entry.account,
                holder: entry.holder,
                status: entry.status ?? .hasAccount,
                check: &check
            )
            if let earlier = firstLine[fields.stallKey] {
                check.problem("stall", .duplicate, "stall \(fields.stall) is already on line \(earlier)")
            } else {
                firstLine[fields.stallKey] = entry.line
            }
            problems += check.problems
            rows.append(ImportRow(fields: fields, status: entry.status))
        }
        guard problems.isEmpty else { throw .invalid(problems) }
        return rows
    }
}
