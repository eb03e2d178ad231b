import Foundation
import Hummingbird
import Ledger
import Roster

/// A page of a list as JSON: `{"items": [...], "nextCursor": 123 | null}`.
struct PageView<Item: Encodable & Sendable>: ResponseEncodable, Sendable {
    var items: [Item]
    var nextCursor: Int64?

    init<Source>(_ page: Page<Source>, _ transform: (Source) -> Item) {
        items = page.items.map(transform)
        nextCursor = page.nextCursor
    }

    /// A single, last page.
    init(items: [Item]) {
        self.items = items
        nextCursor = nil
    }

    private enum CodingKeys: String, CodingKey { case items, nextCursor }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}

/// A stall as the API shows it: `bank` is the BIN.
struct VendorView: ResponseEncodable, Sendable {
    var id: Int64
    var marketId: Int64
    var stall: String
    var name: String
    var phone: String?
    var bank: String?
    var account: String?
    var holder: String?
    var status: EquipmentStatus
    var createdAt: Date
    var closedAt: Date?

    init(_ vendor: Vendor) {
        id = vendor.id
        marketId = vendor.marketId
        stall = vendor.stall
        name = vendor.name
        phone = vendor.phone
        bank = vendor.bankBin
        account = vendor.account
        holder = vendor.holder
        status = vendor.status
        createdAt = vendor.createdAt
        closedAt = vendor.closedAt
    }
}

extension Commune: ResponseEncodable {}
extension Province: ResponseEncodable {}
extension CommuneUnit: ResponseEncodable {}
extension StatusChange: ResponseEncodable {}
extension ImportSummary: ResponseEncodable {}
extension APIKey: ResponseEncodable {}
