import Foundation
import Testing
import VietQR

/// Test data from the repository: `Tests/Fixtures` and `Config`.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shipped bank directory, `Config/banks.json`.
    static let banks: BankDirectory = {
        let data = try! Data(contentsOf: root.appendingPathComponent("Config/banks.json"))
        return try! BankDirectory(json: data)
    }()

    /// One entry of `Tests/Fixtures/emv_payloads.json` (copied from `../shared/vectors/`).
    struct Vector: Decodable, Sendable, CustomTestStringConvertible {
        var payload: String
        var source: String
        var category: String
        var crc_ok: Bool
        var decoded: JSONValue
        var conformance_notes: [String]
        var note: String

        var testDescription: String { "\(category): \(payload.prefix(60))…" }
    }

    static let vectors: [Vector] = {
        let data = try! Data(contentsOf: root.appendingPathComponent("Tests/Fixtures/emv_payloads.json"))
        return try! JSONDecoder().decode([Vector].self, from: data)
    }()
}

/// The expected tag tree of a vector: strings, or objects of id → value.
enum JSONValue: Decodable, Sendable {
    case string(String)
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let string = try? container.decode(String.self) {
            self = .string(string)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }
}
