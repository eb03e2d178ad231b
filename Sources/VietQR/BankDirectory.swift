import Foundation

/// A bank or wallet that can receive a VietQR transfer, keyed by its BIN (`38/01/00`).
public struct Bank: Sendable, Hashable, Codable {
    /// Six digits, such as `970436`.
    public var bin: String
    /// The name people use, such as `Vietcombank`.
    public var shortName: String
    /// The registered name, such as `Ngân hàng TMCP Ngoại thương Việt Nam`.
    public var name: String
    /// Other names the bank goes by in bank lists (codes such as `VCB`, former names).
    public var aliases: [String]

    public init(bin: String, shortName: String, name: String, aliases: [String] = []) {
        self.bin = bin
        self.shortName = shortName
        self.name = name
        self.aliases = aliases
    }
}

/// The banks a VietQR can name, looked up by BIN, short name or alias, case-insensitively.
///
/// Names are not unique across bank lists (`BVB` is BaoViet Bank in one and Bản Việt in another);
/// a name that two banks share is ``Lookup/ambiguous(_:)`` and only the BIN resolves it.
public struct BankDirectory: Sendable {
    /// The result of looking a bank up by what a person typed.
    public enum Lookup: Sendable, Hashable {
        case found(Bank)
        case ambiguous([Bank])
        case notFound
    }

    /// All banks, in BIN order.
    public let banks: [Bank]
    private let byBIN: [String: Bank]
    private let byName: [String: [Bank]]

    public init(_ banks: [Bank]) {
        self.banks = banks.sorted { $0.bin < $1.bin }
        byBIN = Dictionary(banks.map { ($0.bin, $0) }, uniquingKeysWith: { first, _ in first })
        var byName: [String: [Bank]] = [:]
        for bank in self.banks {
            for key in Set(([bank.shortName] + bank.aliases).map(BankDirectory.key)) where !key.isEmpty {
                byName[key, default: []].append(bank)
            }
        }
        self.byName = byName
    }

    /// Reads the directory format of `Config/banks.json`: `{"banks": [{"bin", "short_name", "name",
    /// "code", "codes_elsewhere", "former_names", …}]}`.
    public init(json: Data) throws {
        struct File: Decodable {
            struct Entry: Decodable {
                var bin: String
                var short_name: String
                var name: String
                var code: String?
                var codes_elsewhere: [String: String]?
                var former_names: [String]?
            }
            var banks: [Entry]
        }
        let file = try JSONDecoder().decode(File.self, from: json)
        self.init(
            file.banks.map { entry in
                let aliases =
                    [entry.code].compactMap { $0 } + (entry.codes_elsewhere ?? [:]).values.sorted()
                    + (entry.former_names ?? [])
                return Bank(
                    bin: entry.bin,
                    shortName: entry.short_name,
                    name: entry.name,
                    aliases: Array(Set(aliases).subtracting([entry.short_name])).sorted()
                )
            }
        )
    }

    /// The bank with this BIN.
    public subscript(bin bin: String) -> Bank? { byBIN[bin] }

    /// The bank a person means by a BIN, a short name or an alias (`970436`, `Vietcombank`, `vcb`).
    public func lookup(_ query: String) -> Lookup {
        let query = query.trimmingCharacters(in: .whitespaces)
        if let bank = byBIN[query] { return .found(bank) }
        switch byName[BankDirectory.key(query)] ?? [] {
        case []: return .notFound
        case let banks where banks.count == 1: return .found(banks[0])
        case let banks: return .ambiguous(banks)
        }
    }

    /// Banks whose BIN, names or aliases contain `query` (ignoring case and diacritics); all for an empty query.
    public func search(_ query: String) -> [Bank] {
        let needle = BankDirectory.key(query)
        guard !needle.isEmpty else { return banks }
        return banks.filter { bank in
            ([bank.bin, bank.shortName, bank.name] + bank.aliases).contains { BankDirectory.key($0).contains(needle) }
        }
    }

    /// Lowercase ASCII without spaces, so `Vietin Bank`, `VIETINBANK` and `vietinbank` meet.
    private static func key(_ text: String) -> String {
        ASCIIFolding.fold(text).lowercased().filter { !$0.isWhitespace }
    }
}
