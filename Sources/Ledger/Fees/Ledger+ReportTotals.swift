import Foundation
import Roster
import SQLKit

/// The totals the cashless report reads (migration 7), moved by each change in the change's own
/// transaction: open stalls per market and status, the amount and number of the receipts that
/// stand per unit, month and method (the number since migration 15). Adding is one upsert per change, however many rows it moved.
extension Ledger {
    /// Adds `deltas` (stalls per status, negative for those that left a status) to market `marketId`'s counts.
    static func addToStallCounts(
        _ deltas: [EquipmentStatus: Int],
        market marketId: Int64,
        in database: any SQLDatabase
    ) async throws {
        let moved = deltas.filter { $0.value != 0 }.sorted { $0.key.rawValue < $1.key.rawValue }
        guard !moved.isEmpty else { return }
        let insert = database.insert(into: "market_stall_counts").columns("market_id", "status", "stalls")
        for (status, delta) in moved { insert.values(SQLBind(marketId), SQLBind(status.rawValue), SQLBind(Int64(delta))) }
        try await insert.onConflict(with: ["market_id", "status"]) { update in
            update.set(SQLIdentifier("stalls"), to: SQLRaw("market_stall_counts.stalls + excluded.stalls"))
        }.run()
    }

    /// Where an amount counts: a unit, a month of Vietnam ("2026-09"), a payment method.
    struct FeeTotalKey: Hashable {
        var unitId: Int64
        var month: String
        var method: Receipt.Method
    }

    /// The month of Vietnam (UTC+7) that `date` falls in: "2026-09".
    static func vietnamMonth(of date: Date) -> String {
        let parts = vietnamCalendar.dateComponents([.year, .month], from: date)
        return Month(year: parts.year ?? 0, month: parts.month ?? 0).description
    }

    /// What a change adds to one row of the fee totals: đồng, and receipts (both negative for
    /// receipts that no longer stand).
    struct FeeDelta: Hashable {
        var amount: Int64
        var receipts: Int64
    }

    /// Adds each amount in đồng and count of receipts (negative for receipts that no longer
    /// stand) to what its unit collected in its month by its method.
    static func addToFeeTotals(_ deltas: [FeeTotalKey: FeeDelta], in database: any SQLDatabase) async throws {
        let moved = deltas.filter { $0.value.amount != 0 || $0.value.receipts != 0 }
            .sorted { ($0.key.unitId, $0.key.month, $0.key.method.rawValue) < ($1.key.unitId, $1.key.month, $1.key.method.rawValue) }
        guard !moved.isEmpty else { return }
        for start in stride(from: 0, to: moved.count, by: 500) {
            let insert = database.insert(into: "unit_fee_totals").columns("unit_id", "month", "method", "total", "receipts")
            for (key, delta) in moved[start..<min(start + 500, moved.count)] {
                insert.values(SQLBind(key.unitId), SQLBind(key.month), SQLBind(key.method.rawValue), SQLBind(delta.amount), SQLBind(delta.receipts))
            }
            try await insert.onConflict(with: ["unit_id", "month", "method"]) { update in
                update.set(SQLIdentifier("total"), to: SQLRaw("unit_fee_totals.total + excluded.total"))
                    .set(SQLIdentifier("receipts"), to: SQLRaw("unit_fee_totals.receipts + excluded.receipts"))
            }.run()
        }
    }

    /// What `receipts` add to the fee totals: each its amount and one receipt, or, with `standing`
    /// false (receipts that no longer stand), minus both.
    static func feeDeltas(
        _ receipts: [(unitId: Int64, issuedAt: Date, method: Receipt.Method, amount: UInt64)],
        standing: Bool = true
    ) -> [FeeTotalKey: FeeDelta] {
        let sign: Int64 = standing ? 1 : -1
        var deltas: [FeeTotalKey: FeeDelta] = [:]
        for receipt in receipts {
            let key = FeeTotalKey(unitId: receipt.unitId, month: vietnamMonth(of: receipt.issuedAt), method: receipt.method)
            deltas[key, default: FeeDelta(amount: 0, receipts: 0)].amount += sign * Int64(receipt.amount)
            deltas[key, default: FeeDelta(amount: 0, receipts: 0)].receipts += sign
        }
        return deltas
    }
}
