/// Where a list starts and how long it may be. Lists are ordered by id; a page starts after the
/// id its caller last saw (keyset paging), so rows added meanwhile neither repeat nor go missing.
public struct PageRequest: Sendable, Hashable {
    /// The most rows a page may hold.
    public static let maximumLimit = 500

    /// How many rows at most, 1 through ``maximumLimit``.
    public var limit: Int
    /// The ``Page/nextCursor`` of the page before; nil for the first page.
    public var after: Int64?

    /// The page of at most `limit` rows after id `after`.
    public init(limit: Int = 50, after: Int64? = nil) {
        self.limit = limit
        self.after = after
    }
}

/// One page of a list.
public struct Page<Item: Sendable>: Sendable {
    /// The rows, by ascending id.
    public var items: [Item]
    /// Pass as ``PageRequest/after`` for the next page; nil when this is the last one.
    public var nextCursor: Int64?
}

extension Page: Equatable where Item: Equatable {}
extension Page: Hashable where Item: Hashable {}
extension Page: Encodable where Item: Encodable {}
extension Page: Decodable where Item: Decodable {}

extension Page {
    /// Every item of a list, read a page of ``PageRequest/maximumLimit`` at a time by `page`.
    public static func all(_ page: (PageRequest) async throws -> Page<Item>) async throws -> [Item] {
        var items: [Item] = []
        var after: Int64?
        repeat {
            let next = try await page(PageRequest(limit: PageRequest.maximumLimit, after: after))
            items += next.items
            after = next.nextCursor
        } while after != nil
        return items
    }
}
