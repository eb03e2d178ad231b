import Rules
import SQLKit

extension Migration {
    /// Version 9: the transaction ids of recorded payments as ``Rules/TransactionID/key(_:)`` writes
    /// them (capitals, no spaces), so that `ft77` from a notification and `FT77` from a statement are
    /// one payment. Where a unit recorded both already, the later stays as written, for a person to see.
    static let transactionKeys = Migration(version: 9, name: "transaction keys") { database in
        struct Row: Decodable {
            var id: Int64
            var unitId: Int64
            var transactionId: String
        }
        let rows = try await database.select()
            .column("id").column(SQLColumn("unit_id"), as: "unitId").column(SQLColumn("bank_txn_id"), as: "transactionId")
            .from("payments").orderBy("id")
            .all(decoding: Row.self)
        var taken = Set(rows.filter { TransactionID.key($0.transactionId) == $0.transactionId }.map { "\($0.unitId) \($0.transactionId)" })
        for row in rows where TransactionID.key(row.transactionId) != row.transactionId {
            let key = TransactionID.key(row.transactionId)
            guard taken.insert("\(row.unitId) \(key)").inserted else { continue }
            try await database.update("payments").set("bank_txn_id", to: key).where("id", .equal, row.id).run()
        }
    }
}
