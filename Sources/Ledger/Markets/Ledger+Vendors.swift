import Foundation
import Roster
import Rules
import SQLKit

extension Ledger {
    static let vendorColumns = propertyColumns([
        "id", "market_id", "stall", "name", "phone", "bank_bin", "account", "holder", "status",
        "created_at", "closed_at", "closed_by",
    ])

    /// Registers a stall in a market; `author` is who did it, kept in the status history.
    /// Refused with ``LedgerError/conflict(_:)`` when an open stall of the market has the code.
    public func createVendor(_ new: NewVendor, in marketId: Int64, by author: String) async throws -> Vendor {
        var check = FieldChecker()
        let author = check.required(author, "by", limit: 100)
        let fields = VendorFields(new, check: &check)
        try check.finish()
        return try await backend.transaction(logger: logger) { database in
            try await Self.lockMarket(marketId, in: database)
            let now = self.now()
            try await Self.ensureStallIsFree(fields, in: marketId, except: nil, database)
            let written = try expect(
                try await Self.writeVendors([fields], into: marketId, at: now, database).first,
                "the stall just inserted"
            )
            try await Self.recordStatusChanges(
                [PendingStatusChange(vendorId: written.id, from: nil, to: fields.status)],
                in: marketId,
                at: now,
                by: author,
                database
            )
            return try await Self.vendor(written.id, database, forUpdate: false)
        }
    }

    /// The stall with `id`, open or closed.
    public func vendor(_ id: Int64) async throws -> Vendor {
        try await backend.withDatabase(logger: logger) { database in
            try await Self.vendor(id, database, forUpdate: false)
        }
    }

    /// The stall with `id` as this ledger read it in the last few seconds, if it did and no stall
    /// changed through it since; otherwise read now. For what is fetched again and again, such as
    /// a stall's code image: a change made through another server shows within
    /// ``RecentStalls/freshness`` (5 s).
    public func recentVendor(_ id: Int64) async throws -> Vendor {
        if let recent = recentStalls.vendor(id) { return recent }
        let generation = recentStalls.generation
        let vendor = try await self.vendor(id)
        recentStalls.keep(vendor, readSince: generation)
        return vendor
    }

    /// The stalls of a market that `filter` selects, one page at a time by ascending id.
    public func listVendors(
        in marketId: Int64,
        _ filter: VendorFilter = .init(),
        page: PageRequest = .init()
    )
        async throws -> Page<Vendor>
    {
        try page.check()
        return try await backend.withDatabase(logger: logger) { database in
            try await Self.requireMarket(marketId, database)
            let query = database.select().columns(Self.vendorColumns).from("vendors").where("market_id", .equal, marketId)
            if let status = filter.status { query.where("status", .equal, status.rawValue) }
            if let search = filter.search { query.where(contains("search", search)) }
            switch filter.closed {
            case true?: query.where("closed_at", .isNot, SQLLiteral.null)
            case false?: query.where("closed_at", .is, SQLLiteral.null)
            case nil: break
            }
            return try await query.page(page, decoding: Vendor.self)
        }
    }

    /// Changes an open stall: `change` gets it as stored and edits its fields or status; the result
    /// is checked as a new stall would be and stored in one transaction, a new status with a
    /// history entry by `author`, a new bank account with an entry of the history of bank account
    /// changes by `author`. A closed stall is refused with ``LedgerError/conflict(_:)``.
    public func updateVendor(_ id: Int64, by author: String, _ change: (inout Vendor) throws -> Void) async throws -> Vendor {
        defer { recentStalls.forgetAll() }
        var check = FieldChecker()
        let author = check.required(author, "by", limit: 100)
        try check.finish()
        return try await backend.transaction(logger: logger) { database in
            let stored = try await Self.lockVendor(id, database)
            let now = self.now()
            try Self.ensureOpen(stored)
            var edited = stored
            try change(&edited)
            var check = FieldChecker()
            let fields = VendorFields(
                stall: edited.stall,
                name: edited.name,
                phone: edited.phone,
                bankBin: edited.bankBin,
                account: edited.account,
                holder: edited.holder,
                status: edited.status,
                check: &check
            )
            try check.finish()
            let before = VendorFields(stored: stored)
            guard fields != before else { return stored }
            if fields.stallKey != before.stallKey {
                try await Self.ensureStallIsFree(fields, in: stored.marketId, except: id, database)
            }
            try await Self.updateVendor(id, to: fields, database)
            if fields.bankAccount != before.bankAccount {
                try await Self.recordBankChanges(
                    [
                        PendingBankChange(
                            communeId: try await Self.communeId(ofUnit: stored.marketId, database),
                            unitId: stored.marketId,
                            vendorId: id,
                            stall: fields.stall,
                            old: before.bankAccount,
                            new: fields.bankAccount
                        )
                    ],
                    at: now,
                    by: author,
                    database
                )
            }
            if fields.status != before.status {
                try await Self.recordStatusChanges(
                    [PendingStatusChange(vendorId: id, from: before.status, to: fields.status)],
                    in: stored.marketId,
                    at: now,
                    by: author,
                    database
                )
            }
            return stored.with(fields)
        }
    }

    /// Moves an open stall to `status`, with a history entry by `author` (none when it is there already).
    public func setStatus(of id: Int64, to status: EquipmentStatus, by author: String) async throws -> Vendor {
        try await updateVendor(id, by: author) { $0.status = status }
    }

    /// Marks a stall as having left its market. It is kept, with its history, for the reports that
    /// counted it, and its code may be given to a new stall. Closing a closed stall changes nothing.
    public func closeVendor(_ id: Int64, by author: String) async throws -> Vendor {
        defer { recentStalls.forgetAll() }
        var check = FieldChecker()
        let author = check.required(author, "by", limit: 100)
        try check.finish()
        return try await backend.transaction(logger: logger) { database in
            let stored = try await Self.lockVendor(id, database)
            guard stored.closedAt == nil else { return stored }
            let now = self.now()
            try await database.update("vendors")
                .set("closed_at", to: now).set("closed_by", to: author).set("open_stall_key", to: SQLLiteral.null)
                .where("id", .equal, id)
                .run()
            try await Self.addToStallCounts([stored.status: -1], market: stored.marketId, in: database)
            return try await Self.vendor(id, database, forUpdate: false)
        }
    }

    /// Every status a stall has had, in the order the changes were made (each was made holding its
    /// market's lock, so ids follow that order even where servers' clocks disagree), starting with
    /// the one it was registered with.
    public func statusHistory(of vendorId: Int64) async throws -> [StatusChange] {
        try await backend.withDatabase(logger: logger) { database in
            _ = try await Self.vendor(vendorId, database, forUpdate: false)
            return try await database.select()
                .column("id").column(SQLColumn("vendor_id"), as: "vendorId")
                .column(SQLColumn("from_status"), as: "from").column(SQLColumn("to_status"), as: "to")
                .column(SQLColumn("changed_at"), as: "at").column(SQLColumn("changed_by"), as: "by")
                .from("vendor_status_changes")
                .where("vendor_id", .equal, vendorId)
                .orderBy("id")
                .all(decoding: StatusChange.self)
        }
    }
}

/// A stall as ``Ledger/writeVendors(_:into:at:_:)`` wrote it.
struct WrittenStall: Decodable {
    var id: Int64
    /// The upper-cased stall code.
    var openStallKey: String
}

/// A status change to record: the stall, and the status before (nil at registration) and after.
struct PendingStatusChange {
    var vendorId: Int64
    var from: EquipmentStatus?
    var to: EquipmentStatus
}

extension Ledger {
    /// Locks the market's row until the transaction ends, so that changes to its stalls queue
    /// (`SELECT … FOR UPDATE` on PostgreSQL; SQLite's transaction holds the write lock already).
    static func lockMarket(_ marketId: Int64, in database: any SQLDatabase) async throws {
        let market = try await database.select().column("id").from("units")
            .where("id", .equal, marketId).where("kind", .equal, CommuneUnit.Kind.market.rawValue)
            .for(.update)
            .first()
        guard market != nil else { throw LedgerError.notFound(.market, id: marketId) }
    }

    /// Throws ``LedgerError/notFound(_:id:)`` unless `marketId` is a market.
    static func requireMarket(_ marketId: Int64, _ database: any SQLDatabase) async throws {
        let market = try await database.select().column("id").from("units")
            .where("id", .equal, marketId).where("kind", .equal, CommuneUnit.Kind.market.rawValue)
            .first()
        guard market != nil else { throw LedgerError.notFound(.market, id: marketId) }
    }

    static func vendor(_ id: Int64, _ database: any SQLDatabase, forUpdate: Bool) async throws -> Vendor {
        let query = database.select().columns(vendorColumns).from("vendors").where("id", .equal, id)
        if forUpdate { query.for(.update) }
        guard let vendor = try await query.first(decoding: Vendor.self) else {
            throw LedgerError.notFound(.vendor, id: id)
        }
        return vendor
    }

    /// Locks the stall's market, then reads the stall as it is now.
    private static func lockVendor(_ id: Int64, _ database: any SQLDatabase) async throws -> Vendor {
        let marketId = try await vendor(id, database, forUpdate: false).marketId
        try await lockMarket(marketId, in: database)
        return try await vendor(id, database, forUpdate: true)
    }

    /// Throws ``LedgerError/conflict(_:)`` for a closed stall.
    private static func ensureOpen(_ vendor: Vendor) throws(LedgerError) {
        if let closedAt = vendor.closedAt {
            throw .conflict(
                FieldProblem(
                    field: "closedAt",
                    reason: "stall \(vendor.stall) left the market on \(closedAt.formatted(.iso8601)) and cannot be changed"
                )
            )
        }
    }

    /// Throws ``LedgerError/conflict(_:)`` when an open stall of the market other than `except` has the code.
    static func ensureStallIsFree(
        _ fields: VendorFields,
        in marketId: Int64,
        except: Int64?,
        _ database: any SQLDatabase
    ) async throws {
        let query = database.select().column("id").from("vendors")
            .where("market_id", .equal, marketId).where("open_stall_key", .equal, fields.stallKey)
        if let except { query.where("id", .notEqual, except) }
        if let other = try await query.first(decodingColumn: "id", as: Int64.self) {
            throw LedgerError.conflict(
                FieldProblem(
                    field: "stall",
                    code: .duplicate,
                    reason: "stall \(fields.stall) is already registered in this market (vendor \(other))"
                )
            )
        }
    }

    /// Writes stalls into a market, a few hundred per statement: a stall whose code an open stall
    /// of the market has updates that stall (it keeps its id, registration time and history),
    /// any other is registered. Returns the id and code key of each, in no set order.
    static func writeVendors(
        _ stalls: [VendorFields],
        into marketId: Int64,
        at now: Date,
        _ database: any SQLDatabase
    ) async throws -> [WrittenStall] {
        var written: [WrittenStall] = []
        written.reserveCapacity(stalls.count)
        for start in stride(from: 0, to: stalls.count, by: 400) {
            let insert = database.insert(into: "vendors")
                .columns(
                    "market_id",
                    "stall",
                    "open_stall_key",
                    "name",
                    "phone",
                    "bank_bin",
                    "account",
                    "holder",
                    "status",
                    "search",
                    "created_at",
                    "account_problem"
                )
            for fields in stalls[start..<min(start + 400, stalls.count)] {
                insert.values(
                    SQLBind(marketId),
                    SQLBind(fields.stall),
                    SQLBind(fields.stallKey),
                    SQLBind(fields.name),
                    SQLBind(fields.phone),
                    SQLBind(fields.bankBin),
                    SQLBind(fields.account),
                    SQLBind(fields.holder),
                    SQLBind(fields.status.rawValue),
                    SQLBind(fields.search),
                    SQLBind(now),
                    SQLLiteral.null
                )
            }
            written +=
                try await insert
                .onConflict(with: ["market_id", "open_stall_key"]) { update in
                    update.set(excludedValueOf: "stall").set(excludedValueOf: "name").set(excludedValueOf: "phone")
                        .set(excludedValueOf: "bank_bin").set(excludedValueOf: "account").set(excludedValueOf: "holder")
                        .set(excludedValueOf: "status").set(excludedValueOf: "search").set(excludedValueOf: "account_problem")
                }
                .returning(propertyColumns(["id", "open_stall_key"]))
                .all(decoding: WrittenStall.self)
        }
        return written
    }

    /// Stores new fields for a stall.
    static func updateVendor(_ id: Int64, to fields: VendorFields, _ database: any SQLDatabase) async throws {
        try await database.update("vendors")
            .set("stall", to: fields.stall).set("open_stall_key", to: fields.stallKey).set("name", to: fields.name)
            .set("phone", to: fields.phone).set("bank_bin", to: fields.bankBin).set("account", to: fields.account)
            .set("holder", to: fields.holder).set("status", to: fields.status.rawValue).set("search", to: fields.search)
            .set("account_problem", to: SQLLiteral.null)
            .where("id", .equal, id)
            .run()
    }

    /// Records status changes of market `marketId`'s stalls made at `now` by `author`, a thousand
    /// per statement, and moves the market's stall counts with them.
    static func recordStatusChanges(
        _ changes: [PendingStatusChange],
        in marketId: Int64,
        at now: Date,
        by author: String,
        _ database: any SQLDatabase
    ) async throws {
        var deltas: [EquipmentStatus: Int] = [:]
        for change in changes {
            if let from = change.from { deltas[from, default: 0] -= 1 }
            deltas[change.to, default: 0] += 1
        }
        try await addToStallCounts(deltas, market: marketId, in: database)
        for start in stride(from: 0, to: changes.count, by: 1000) {
            let insert = database.insert(into: "vendor_status_changes")
                .columns("vendor_id", "from_status", "to_status", "changed_at", "changed_by")
            for change in changes[start..<min(start + 1000, changes.count)] {
                insert.values(
                    SQLBind(change.vendorId),
                    SQLBind(change.from?.rawValue),
                    SQLBind(change.to.rawValue),
                    SQLBind(now),
                    SQLBind(author)
                )
            }
            try await insert.run()
        }
    }
}
