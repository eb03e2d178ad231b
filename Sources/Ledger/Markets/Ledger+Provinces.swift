import Foundation
import Rules
import SQLKit

extension Ledger {
    private static let provinceColumns = propertyColumns(["id", "name", "created_at"])

    /// The id of the province named `name` (compared as searches compare text), creating its row
    /// when there is none yet: inside the transaction that writes a commune's province.
    static func provinceId(named name: String, in database: any SQLDatabase, now: Date) async throws -> Int64 {
        let key = searchKey(name)
        try await database.insert(into: "provinces").columns("name", "search", "created_at")
            .values(SQLBind(name), SQLBind(key), SQLBind(now))
            .ignoringConflicts(with: ["search"])
            .run()
        let id = try await database.select().column("id").from("provinces").where("search", .equal, key)
            .first(decodingColumn: "id", as: Int64.self)
        return try expect(id, "the province '\(key)' just found or created")
    }

    /// The province with `id`.
    public func province(_ id: Int64) async throws -> Province {
        try await backend.withDatabase(logger: logger) { database in
            try await Self.province(id, in: database)
        }
    }

    static func province(_ id: Int64, in database: any SQLDatabase) async throws -> Province {
        guard
            let province = try await database.select().columns(provinceColumns).from("provinces").where("id", .equal, id)
                .first(decoding: Province.self)
        else { throw LedgerError.notFound(.province, id: id) }
        return province
    }

    /// Every province, one page at a time by ascending id.
    public func listProvinces(page: PageRequest = .init()) async throws -> Page<Province> {
        try page.check()
        return try await backend.withDatabase(logger: logger) { database in
            try await database.select().columns(Self.provinceColumns).from("provinces").page(page, decoding: Province.self)
        }
    }

    /// The ids of the communes of province `provinceId`, ascending (empty for a province without
    /// communes or one that does not exist): what a province officer may read, read at each request
    /// since an admin may move a commune to another province.
    public func communeIds(province provinceId: Int64) async throws -> [Int64] {
        try await backend.withDatabase(logger: logger) { database in
            try await database.select().column("id").from("communes").where("province_id", .equal, provinceId).orderBy("id")
                .all(decodingColumn: "id", as: Int64.self)
        }
    }
}
