import Rules
import SQLKit

/// The columns `names` (`market_id`) each under the name of the model property it fills
/// (`marketId`), so that rows decode with the default keys: several times faster than a decoder
/// that converts every key of every row from snake case.
func propertyColumns(_ names: [String]) -> [any SQLExpression] {
    names.map { name in
        let words = name.split(separator: "_")
        let property = words.prefix(1).joined() + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        return property == name ? SQLColumn(name) : SQLAlias(SQLColumn(name), as: SQLIdentifier(property))
    }
}

/// `column LIKE '%text%'` with `text` folded as ``searchKey(_:)`` folds it, its `%` and `_` taken
/// literally: the same on SQLite (whose LIKE ignores ASCII case) and PostgreSQL (whose LIKE does not),
/// since both sides are folded to lowercase first.
func contains(_ column: String, _ text: String) -> SQLQueryString {
    let escaped = searchKey(text).reduce(into: "") { pattern, character in
        if character == "%" || character == "_" || character == "!" { pattern.append("!") }
        pattern.append(character)
    }
    return "\(ident: column) LIKE \(bind: "%" + escaped + "%") ESCAPE '!'"
}

extension PageRequest {
    /// Throws when the limit is out of range.
    func check() throws(LedgerError) {
        guard (1...Self.maximumLimit).contains(limit) else {
            throw .invalid([FieldProblem(field: "limit", reason: "must be 1 through \(Self.maximumLimit), not \(limit)")])
        }
    }
}

extension SQLSelectBuilder {
    /// The page `request` asks for of the rows this query selects, by ascending `id`.
    func page<Item>(_ request: PageRequest, decoding: Item.Type) async throws -> Page<Item>
    where Item: Decodable & Identifiable & Sendable, Item.ID == Int64 {
        if let after = request.after {
            self.where("id", .greaterThan, after)
        }
        let rows = try await self.orderBy("id").limit(request.limit + 1).all(decoding: Item.self)
        guard rows.count > request.limit else { return Page(items: rows, nextCursor: nil) }
        let items = Array(rows.prefix(request.limit))
        return Page(items: items, nextCursor: items.last?.id)
    }
}

/// The value a query must have returned, or ``LedgerError/unexpected(_:)`` saying what was missing.
func expect<T>(_ value: T?, _ what: @autoclosure () -> String) throws(LedgerError) -> T {
    guard let value else { throw .unexpected(what()) }
    return value
}
