import SQLKit

extension Migration {
    /// Version 14: what a bill needs to reach its payer without a visit. Each bill gets the secret
    /// of its public link (`pay_token`, unique; existing bills get one here), the payer's contacts
    /// the receipt is sent to, and what a cancellation keeps: when, by whom, why (a cancelled bill
    /// stays, with status `cancelled`). Receipts are indexed by the receipt they supersede, so the
    /// receipt that stands for a mended one is found without a scan.
    static let billLinks = Migration(version: 14, name: "bill links, contacts and cancellation") { database in
        // One column per statement: SQLite adds one at a time.
        for column in ["pay_token", "payer_email", "payer_phone", "cancelled_by", "cancel_reason"] {
            try await database.alter(table: "bills").column(column, type: .text).run()
        }
        try await database.alter(table: "bills").column("cancelled_at", type: .timestamp).run()
        var last: Int64 = 0
        while true {
            let ids = try await database.select().column("id").from("bills").where("id", .greaterThan, last)
                .orderBy("id").limit(1000).all(decodingColumn: "id", as: Int64.self)
            guard let end = ids.last else { break }
            for id in ids {
                try await database.update("bills").set("pay_token", to: Ledger.newPayToken()).where("id", .equal, id).run()
            }
            last = end
        }
        try await database.create(index: "bills_pay_token").unique().on("bills").column("pay_token").run()
        // A payer's link shows the receipt that stands: found from the one its bill kept. A unit's
        // status list reads its receipts that supersede another, not every receipt it issued.
        try await database.create(index: "receipts_supersedes").on("receipts").column("supersedes_id").run()
        try await database.create(index: "receipts_unit_supersedes").on("receipts").column("unit_id").column("supersedes_id").run()
    }
}
