import Roster
import Rules
import SQLKit

extension Ledger {
    static let undrawableColumns =
        propertyColumns(["id", "market_id", "stall", "status", "bank_bin", "account"])
        + [SQLAlias(SQLColumn("account_problem"), as: SQLIdentifier("reason"))]

    /// Checks every stored stall's account again by the rules every door applies, marks those no
    /// payment code can carry and clears the mark of those that pass; the open stalls marked,
    /// by market and stall (`cashless admin check`).
    public func checkAccounts() async throws -> [UndrawableStall] {
        try await backend.transaction(logger: logger) { database in
            try await Self.markUndrawableAccounts(database)
            return try await database.select().columns(Self.undrawableColumns).from("vendors")
                .where(SQLColumn("account_problem"), .isNot, SQLLiteral.null).where(SQLColumn("closed_at"), .is, SQLLiteral.null)
                .orderBy("market_id").orderBy("stall")
                .all(decoding: UndrawableStall.self)
        }
    }

    /// The open stalls of market `marketId` whose account cannot be drawn, by stall code.
    public func undrawableStalls(market marketId: Int64) async throws -> [UndrawableStall] {
        try await backend.withDatabase(logger: logger) { database in
            try await Self.undrawable(markets: [marketId], database)
        }
    }

    static func undrawable(markets: [Int64], _ database: any SQLDatabase) async throws -> [UndrawableStall] {
        guard !markets.isEmpty else { return [] }
        return try await database.select().columns(undrawableColumns).from("vendors")
            .where("market_id", .in, markets)
            .where(SQLColumn("account_problem"), .isNot, SQLLiteral.null).where(SQLColumn("closed_at"), .is, SQLLiteral.null)
            .orderBy("stall")
            .all(decoding: UndrawableStall.self)
    }

    /// Sets `account_problem` of every stall with an account to why no payment code can carry it,
    /// or NULL (and NULL for a stall without an account); how many are marked. A stall changed
    /// meanwhile by another server keeps the mark that change gave it: each update names the
    /// bank and account it judged.
    @discardableResult
    static func markUndrawableAccounts(_ database: any SQLDatabase) async throws -> Int {
        try await database.update("vendors").set("account_problem", to: SQLLiteral.null)
            .where(SQLColumn("account"), .is, SQLLiteral.null).where(SQLColumn("account_problem"), .isNot, SQLLiteral.null)
            .run()
        var marked = 0
        var after: Int64 = 0
        while true {
            let rows = try await database.select().column("id").column("bank_bin").column("account").column("account_problem")
                .from("vendors").where("id", .greaterThan, after).where(SQLColumn("account"), .isNot, SQLLiteral.null)
                .orderBy("id").limit(1000).all()
            guard let last = rows.last else { return marked }
            for row in rows {
                let id = try row.decode(column: "id", as: Int64.self)
                let bin = try row.decode(column: "bank_bin", as: String?.self)
                let account = try row.decode(column: "account", as: String.self)
                let problem = accountProblem(bin: bin, account: account)
                if problem != nil { marked += 1 }
                if try row.decode(column: "account_problem", as: String?.self) != problem {
                    let update = database.update("vendors").set("account_problem", to: SQLBind(problem))
                        .where("id", .equal, id).where("account", .equal, account)
                    if let bin { update.where("bank_bin", .equal, bin) } else { update.where(SQLColumn("bank_bin"), .is, SQLLiteral.null) }
                    try await update.run()
                }
            }
            after = try last.decode(column: "id", as: Int64.self)
        }
    }

    /// Why a stored account cannot be drawn, or nil: the rules of ``Rules/FieldChecker/bankAccount(bin:binField:account:accountField:)``.
    static func accountProblem(bin: String?, account: String) -> String? {
        var check = FieldChecker()
        let bin = check.bankBIN(bin, "bank")
        let account = check.optional(account, "account", limit: StallList.Column.account.limit)
        check.bankAccount(bin: bin, binField: "bank", account: account, accountField: "account")
        return check.problems.first.map { "\($0.field): \($0.reason)" }
    }
}
