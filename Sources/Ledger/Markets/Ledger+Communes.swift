import Rules
import SQLKit

extension Ledger {
    static let communeColumns = propertyColumns(["id", "name", "province", "province_id", "created_at"])

    /// Registers a commune.
    public func createCommune(_ new: NewCommune) async throws -> Commune {
        var check = FieldChecker()
        let name = check.required(new.name, "name")
        let province = check.required(new.province, "province")
        try check.finish()
        let now = self.now()
        return try await backend.transaction(logger: logger) { database in
            let provinceId = try await Self.provinceId(named: province, in: database, now: now)
            let commune = try await database.insert(into: "communes")
                .columns("name", "province", "province_id", "search", "province_key", "created_at")
                .values(
                    SQLBind(name),
                    SQLBind(province),
                    SQLBind(provinceId),
                    SQLBind(searchKey(name)),
                    SQLBind(searchKey(province)),
                    SQLBind(now)
                )
                .returning(Self.communeColumns)
                .first(decoding: Commune.self)
            return try expect(commune, "the commune just inserted")
        }
    }

    /// The commune with `id`.
    public func commune(_ id: Int64) async throws -> Commune {
        try await backend.withDatabase(logger: logger) { database in
            try await Self.commune(id, in: database, forUpdate: false)
        }
    }

    /// The communes `filter` selects, one page at a time by ascending id.
    public func listCommunes(_ filter: CommuneFilter = .init(), page: PageRequest = .init()) async throws -> Page<Commune> {
        try page.check()
        return try await backend.withDatabase(logger: logger) { database in
            let query = database.select().columns(Self.communeColumns).from("communes")
            if let province = filter.province { query.where("province_key", .equal, searchKey(province)) }
            if let search = filter.search { query.where(contains("search", search)) }
            if let provinceId = filter.provinceId { query.where("province_id", .equal, provinceId) }
            return try await query.page(page, decoding: Commune.self)
        }
    }

    /// Changes a commune: `change` gets it as stored and edits its name or province; the result is
    /// checked as a new commune would be and stored, all in one transaction (a new province's row
    /// found or created in it too).
    public func updateCommune(_ id: Int64, _ change: (inout Commune) throws -> Void) async throws -> Commune {
        let now = self.now()
        return try await backend.transaction(logger: logger) { database in
            let stored = try await Self.commune(id, in: database, forUpdate: true)
            var commune = stored
            try change(&commune)
            var check = FieldChecker()
            commune.name = check.required(commune.name, "name")
            commune.province = check.required(commune.province, "province")
            try check.finish()
            commune.provinceId = stored.provinceId
            guard commune != stored else { return stored }
            if commune.province != stored.province {
                commune.provinceId = try await Self.provinceId(named: commune.province, in: database, now: now)
            }
            try await database.update("communes")
                .set("name", to: commune.name).set("search", to: searchKey(commune.name))
                .set("province", to: commune.province).set("province_key", to: searchKey(commune.province))
                .set("province_id", to: commune.provinceId)
                .where("id", .equal, id)
                .run()
            return commune
        }
    }

    static func commune(_ id: Int64, in database: any SQLDatabase, forUpdate: Bool) async throws -> Commune {
        let query = database.select().columns(communeColumns).from("communes").where("id", .equal, id)
        if forUpdate { query.for(.update) }
        guard let commune = try await query.first(decoding: Commune.self) else {
            throw LedgerError.notFound(.commune, id: id)
        }
        return commune
    }
}
