import Roster
import SQLKit

/// The totals the cashless report reads (migration 7), moved by each change in the change's own
/// transaction: open stalls per market and status, the amount of the receipts that stand per
/// unit and method. Adding is one upsert per change, however many rows it moved.
extension Ledger {
    /// Adds `deltas` (stalls per status, negative for those that left a status) to market `marketId`'s counts.
    static func addToStallCounts(_ deltas: [EquipmentStatus: Int], market marketId: Int64,
                                 in database: any SQLDatabase) async throws {
        let moved = deltas.filter { $0.value != 0 }.sorted { $0.key.rawValue < $1.key.rawValue }
        guard !moved.isEmpty else { return }
        let insert = database.insert(into: "market_stall_counts").columns("market_id", "status", "stalls")
        for (status, delta) in moved { insert.values(SQLBind(marketId), SQLBind(status.rawValue), SQLBind(Int64(delta))) }
        try await insert.onConflict(with: ["market_id", "status"]) { update in
            update.set(SQLIdentifier("stalls"), to: SQLRaw("market_stall_counts.stalls + excluded.stalls"))
        }.run()
    }

    /// Adds `amount` đồng (negative for a receipt that no longer stands) to what unit `unitId`
    /// collected by `method`, for each entry.
    static func addToFeeTotals(_ amounts: [(unitId: Int64, method: Receipt.Method, amount: Int64)],
                               in database: any SQLDatabase) async throws {
        var sums: [String: (unitId: Int64, method: Receipt.Method, amount: Int64)] = [:]
        for entry in amounts {
            sums["\(entry.unitId) \(entry.method.rawValue)", default: (entry.unitId, entry.method, 0)].amount += entry.amount
        }
        let moved = sums.values.filter { $0.amount != 0 }.sorted { ($0.unitId, $0.method.rawValue) < ($1.unitId, $1.method.rawValue) }
        guard !moved.isEmpty else { return }
        let insert = database.insert(into: "unit_fee_totals").columns("unit_id", "method", "total")
        for entry in moved { insert.values(SQLBind(entry.unitId), SQLBind(entry.method.rawValue), SQLBind(entry.amount)) }
        try await insert.onConflict(with: ["unit_id", "method"]) { update in
            update.set(SQLIdentifier("total"), to: SQLRaw("unit_fee_totals.total + excluded.total"))
        }.run()
    }
}
