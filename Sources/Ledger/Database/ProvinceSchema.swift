import Foundation
import SQLKit

extension Migration {
    /// Version 15: provinces (or any group of communes a province-level officer reads) as rows of
    /// their own, and the number of receipts beside their amount in the kept fee totals.
    ///
    /// `provinces` holds one row per province, found by its search key (the name folded as
    /// searches fold it, unique); `communes.province_id` points at it, filled from the province
    /// names the communes had. A commune's province is still written as a name: creating or
    /// renaming it finds or creates the row by its key in the same transaction.
    /// `unit_fee_totals.receipts` counts the receipts that stand per unit, month and method, filled
    /// from the receipts that stand, so the cashless share by count is read from kept totals.
    static let provinces = Migration(version: 15, name: "provinces and receipt counts") { database in
        try await database.create(table: "provinces")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("name", type: .text, .notNull)
            .column("search", type: .text, .notNull, .unique)
            .column("created_at", type: .timestamp, .notNull)
            .run()
        try await database.alter(table: "communes").column("province_id", type: .bigint, .references("provinces", "id")).run()
        let communes = try await database.select().column("province").column("province_key").column("created_at")
            .from("communes").orderBy("id")
            .all(decoding: CommuneProvince.self)
        var seen = Set<String>()
        for commune in communes where seen.insert(commune.provinceKey).inserted {
            try await database.insert(into: "provinces").columns("name", "search", "created_at")
                .values(SQLBind(commune.province), SQLBind(commune.provinceKey), SQLBind(commune.createdAt))
                .run()
        }
        try await database.raw(
            "UPDATE communes SET province_id = (SELECT provinces.id FROM provinces WHERE provinces.search = communes.province_key)"
        ).run()
        try await database.create(index: "communes_province").on("communes").column("province_id").column("id").run()

        try await database.alter(table: "unit_fee_totals").column("receipts", type: .bigint, .notNull, .default(0)).run()
        try await Ledger.countStandingReceipts(in: database)
    }
}

extension Ledger {
    /// Adds to the fee totals' receipt counts the receipts that stand (migration 15, on counts
    /// that are all 0): counted in Swift, as migration 7 summed the amounts, since the month is
    /// Vietnam's, which SQL would reckon differently on each engine.
    static func countStandingReceipts(in database: any SQLDatabase) async throws {
        var counts: [FeeTotalKey: FeeDelta] = [:]
        for row in try await database.select().column("unit_id").column("method").column("issued_at")
            .from("receipts").where("status", .equal, Receipt.Status.issued.rawValue).all()
        {
            let key = FeeTotalKey(
                unitId: try row.decode(column: "unit_id", as: Int64.self),
                month: vietnamMonth(of: try row.decode(column: "issued_at", as: Date.self)),
                method: try row.decode(column: "method", as: Receipt.Method.self)
            )
            counts[key, default: FeeDelta(amount: 0, receipts: 0)].receipts += 1
        }
        try await addToFeeTotals(counts, in: database)
    }
}

/// A commune's province as migration 15 reads it.
private struct CommuneProvince: Decodable {
    var province: String
    var provinceKey: String
    var createdAt: Date

    private enum CodingKeys: String, CodingKey {
        case province
        case provinceKey = "province_key"
        case createdAt = "created_at"
    }
}
