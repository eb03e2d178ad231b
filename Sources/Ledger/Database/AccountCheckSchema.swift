import SQLKit

extension Migration {
    /// Version 8: stalls whose stored account no payment code can carry (stored before every door
    /// checked accounts by VietQR's rules) are marked with the reason in `account_problem`; they
    /// stop counting as equipped, and the market's sheet names them instead of leaving them out.
    /// A change of the stall that passes the rules clears the mark.
    static let accountChecks = Migration(version: 8, name: "account checks") { database in
        try await database.alter(table: "vendors").column("account_problem", type: .text).run()
        // On (market_id, status), so that the report's count by market and status reads the marked
        // stalls alone (on market_id alone, SQLite preferred scanning every stall of the markets).
        try await database.raw("CREATE INDEX vendors_account_problem ON vendors (market_id, status) WHERE account_problem IS NOT NULL").run()
        _ = try await Ledger.markUndrawableAccounts(database)
    }
}
