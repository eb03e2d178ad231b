import Rules
import SQLKit

extension Ledger {
    private static let unitColumns = propertyColumns([
        "id", "kind", "name", "commune_id", "address", "tax_code", "bank_bin", "bank_account", "bank_holder", "receipt_form_code",
        "words_chan", "words_ngan", "created_at",
    ])

    /// The form codes of TT 32/2025 for fee receipts.
    public static let receiptFormCodes = ["EBL01", "EBL02"]

    /// Registers a market, school, clinic or other unit in an existing commune.
    public func createUnit(_ new: NewCommuneUnit) async throws -> CommuneUnit {
        var check = FieldChecker()
        let name = check.required(new.name, "name")
        let address = check.optional(new.address, "address", limit: 500)
        let taxCode = check.optional(new.taxCode, "taxCode", limit: 20)
        let bankBin = check.bankBIN(new.bankBin, "bankBin")
        let bankAccount = check.optional(new.bankAccount, "bankAccount", limit: 40)
        let bankHolder = check.optional(new.bankHolder, "bankHolder")
        check.bankAccount(bin: bankBin, binField: "bankBin", account: bankAccount, accountField: "bankAccount")
        let formCode = new.receiptFormCode ?? "EBL01"
        check.formCode(formCode)
        try check.finish()
        let now = self.now()
        return try await backend.withDatabase(logger: logger) { database in
            // Communes are never deleted, so one that exists now still exists at the insert.
            guard try await database.select().column("id").from("communes").where("id", .equal, new.communeId).first() != nil
            else {
                throw LedgerError.invalidReference(
                    FieldProblem(field: "communeId", code: .unknownReference, reason: "there is no commune \(new.communeId)")
                )
            }
            let unit = try await database.insert(into: "units")
                .columns(
                    "kind",
                    "name",
                    "commune_id",
                    "address",
                    "tax_code",
                    "bank_bin",
                    "bank_account",
                    "bank_holder",
                    "receipt_form_code",
                    "words_chan",
                    "words_ngan",
                    "search",
                    "created_at"
                )
                .values(
                    SQLBind(new.kind.rawValue),
                    SQLBind(name),
                    SQLBind(new.communeId),
                    SQLBind(address),
                    SQLBind(taxCode),
                    SQLBind(bankBin),
                    SQLBind(bankAccount),
                    SQLBind(bankHolder),
                    SQLBind(formCode),
                    SQLBind(new.wordsChan ?? false),
                    SQLBind(new.wordsNgan ?? false),
                    SQLBind(searchKey(name)),
                    SQLBind(now)
                )
                .returning(Self.unitColumns)
                .first(decoding: CommuneUnit.self)
            return try expect(unit, "the unit just inserted")
        }
    }

    /// The unit with `id`, of any kind.
    public func unit(_ id: Int64) async throws -> CommuneUnit {
        try await backend.withDatabase(logger: logger) { database in
            try await Self.unit(id, in: database, forUpdate: false)
        }
    }

    /// The units with `ids` (those that exist), by id: one query for every 500.
    public func units(_ ids: some Collection<Int64>) async throws -> [Int64: CommuneUnit] {
        let wanted = Array(Set(ids)).sorted()
        return try await backend.withDatabase(logger: logger) { database in
            var units: [Int64: CommuneUnit] = [:]
            for start in stride(from: 0, to: wanted.count, by: 500) {
                for unit in try await Self.units(Array(wanted[start..<min(wanted.count, start + 500)]), in: database) { units[unit.id] = unit }
            }
            return units
        }
    }

    /// The kind and commune of unit `id`: read once, then kept (they never change).
    public func unitScope(_ id: Int64) async throws -> UnitScope {
        if let scope = unitScopes[id] { return scope }
        let scope = try await unit(id).scope
        unitScopes.keep(scope)
        return scope
    }

    /// The units `filter` selects, one page at a time by ascending id.
    public func listUnits(_ filter: CommuneUnitFilter = .init(), page: PageRequest = .init()) async throws -> Page<CommuneUnit> {
        try page.check()
        return try await backend.withDatabase(logger: logger) { database in
            let query = database.select().columns(Self.unitColumns).from("units")
            if let communeId = filter.communeId { query.where("commune_id", .equal, communeId) }
            if let kind = filter.kind { query.where("kind", .equal, kind.rawValue) }
            if let search = filter.search { query.where(contains("search", search)) }
            if let provinceId = filter.provinceId {
                query.where(
                    SQLColumn("commune_id"),
                    .in,
                    SQLSubquery.select { $0.column("id").from("communes").where("province_id", .equal, provinceId) }
                )
            }
            return try await query.page(page, decoding: CommuneUnit.self)
        }
    }

    /// Changes a unit: `change` gets it as stored and edits its name, address, tax code or bank
    /// account, or its receipt options (its kind and commune stay); the result is checked and
    /// stored in one transaction, a change of its bank account with an entry of the history of bank
    /// account changes by `author`.
    public func updateUnit(_ id: Int64, by author: String, _ change: (inout CommuneUnit) throws -> Void) async throws -> CommuneUnit {
        var check = FieldChecker()
        let author = check.required(author, "by", limit: 100)
        try check.finish()
        let now = self.now()
        return try await backend.transaction(logger: logger) { database in
            let stored = try await Self.unit(id, in: database, forUpdate: true)
            var unit = stored
            try change(&unit)
            var check = FieldChecker()
            unit.name = check.required(unit.name, "name")
            unit.address = check.optional(unit.address, "address", limit: 500)
            unit.taxCode = check.optional(unit.taxCode, "taxCode", limit: 20)
            unit.bankBin = check.bankBIN(unit.bankBin, "bankBin")
            unit.bankAccount = check.optional(unit.bankAccount, "bankAccount", limit: 40)
            unit.bankHolder = check.optional(unit.bankHolder, "bankHolder")
            check.bankAccount(bin: unit.bankBin, binField: "bankBin", account: unit.bankAccount, accountField: "bankAccount")
            check.formCode(unit.receiptFormCode)
            try check.finish()
            guard unit != stored else { return stored }
            try await database.update("units")
                .set("name", to: unit.name).set("search", to: searchKey(unit.name))
                .set("address", to: unit.address).set("tax_code", to: unit.taxCode)
                .set("bank_bin", to: unit.bankBin).set("bank_account", to: unit.bankAccount)
                .set("bank_holder", to: unit.bankHolder)
                .set("receipt_form_code", to: unit.receiptFormCode)
                .set("words_chan", to: unit.wordsChan).set("words_ngan", to: unit.wordsNgan)
                .where("id", .equal, id)
                .run()
            try await Self.recordBankChanges(
                [
                    PendingBankChange(
                        communeId: stored.communeId,
                        unitId: id,
                        old: BankAccountFields(bankBin: stored.bankBin, account: stored.bankAccount, holder: stored.bankHolder),
                        new: BankAccountFields(bankBin: unit.bankBin, account: unit.bankAccount, holder: unit.bankHolder)
                    )
                ],
                at: now,
                by: author,
                database
            )
            return unit
        }
    }

    static func unit(_ id: Int64, in database: any SQLDatabase, forUpdate: Bool) async throws -> CommuneUnit {
        let query = database.select().columns(unitColumns).from("units").where("id", .equal, id)
        if forUpdate { query.for(.update) }
        guard let unit = try await query.first(decoding: CommuneUnit.self) else {
            throw LedgerError.notFound(.unit, id: id)
        }
        return unit
    }

    static func units(_ ids: [Int64], in database: any SQLDatabase) async throws -> [CommuneUnit] {
        try await database.select().columns(unitColumns).from("units").where("id", .in, ids).all(decoding: CommuneUnit.self)
    }
}

extension Ledger {
    /// Sets the secret unit `unitId`'s bank signs its payment notifications with (HMAC-SHA256),
    /// replacing any before it.
    public func setHookSecret(_ secret: String, unit unitId: Int64) async throws {
        try await backend.withDatabase(logger: logger) { database in
            _ = try await Self.unit(unitId, in: database, forUpdate: false)
            try await database.update("units").set("hook_secret", to: secret).where("id", .equal, unitId).run()
        }
    }

    /// The secret of unit `unitId`'s payment notifications; nil when it has none (or no unit has that id).
    public func hookSecret(unit unitId: Int64) async throws -> String? {
        try await backend.withDatabase(logger: logger) { database in
            try await database.select().column("hook_secret").from("units").where("id", .equal, unitId)
                .first(decodingColumn: "hook_secret", as: String?.self) ?? nil
        }
    }
}
