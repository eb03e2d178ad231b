import Foundation

/// What a receipt's seal carries: the CBOR map of small integer claims (research/ereceipt.md §3.2).
/// The issuer (name, tax code, address) is not in it: the seal's kid finds it in the trust list.
/// Strings are kept in Unicode NFC, as printed.
public struct SealClaims: Sendable, Hashable, Codable {
    /// Claim 1: the kind of document.
    public enum DocumentType: Int64, Sendable, Hashable, Codable {
        /// `EBL01`: an electronic fee receipt without a face value.
        case ebl01 = 1
        /// `EBL02`: an electronic fee receipt with a face value.
        case ebl02 = 2
        /// A payment confirmation with no fiscal standing.
        case confirmation = 9

        /// The form code (ký hiệu mẫu) it stands for: "EBL01", "EBL02", or nil for a confirmation.
        public var formCode: String? {
            switch self {
            case .ebl01: "EBL01"
            case .ebl02: "EBL02"
            case .confirmation: nil
            }
        }

        /// The type of a form code.
        public init?(formCode: String) {
            switch formCode {
            case "EBL01": self = .ebl01
            case "EBL02": self = .ebl02
            default: return nil
            }
        }
    }

    /// Claim 10: the earlier receipt this one replaces or adjusts.
    public struct Supersedes: Sendable, Hashable, Codable {
        public enum Kind: Int64, Sendable, Hashable, Codable {
            case replaces = 1
            case adjusts = 2
        }
        public var kind: Kind
        public var series: String
        public var number: Int64

        public init(kind: Kind, series: String, number: Int64) {
            self.kind = kind
            self.series = series
            self.number = number
        }
    }

    public var documentType: DocumentType
    /// Claim 2: the series (ký hiệu), "26T".
    public var series: String
    /// Claim 3: the number in its series, 1 to 9,999,999.
    public var number: Int64
    /// Claim 4: when it was issued, to the second.
    public var issuedAt: Date
    /// Claim 5: the amount in đồng.
    public var amount: UInt64
    /// Claim 6: the fee, short: "Học phí T9/2026".
    public var feeLabel: String
    /// Claim 7: the payer's name as printed.
    public var payerName: String
    /// Claim 8: the payer's reference (student, patient or stall code).
    public var payerReference: String?
    public var supersedes: Supersedes?
    /// Claim 11: the billing period as YYYYMM.
    public var period: Int64?

    public init(
        documentType: DocumentType = .ebl01,
        series: String,
        number: Int64,
        issuedAt: Date,
        amount: UInt64,
        feeLabel: String,
        payerName: String,
        payerReference: String? = nil,
        supersedes: Supersedes? = nil,
        period: Int64? = nil
    ) {
        self.documentType = documentType
        self.series = series
        self.number = number
        self.issuedAt = Date(timeIntervalSince1970: issuedAt.timeIntervalSince1970.rounded(.down))
        self.amount = amount
        self.feeLabel = Self.nfc(feeLabel)
        self.payerName = Self.nfc(payerName)
        self.payerReference = payerReference.map(Self.nfc)
        self.supersedes = supersedes
        self.period = period
    }

    /// `text` in Unicode NFC. Text of Latin letters, precomposed ones included (Vietnamese's are in
    /// U+1E00–U+1EFF), and no combining marks is NFC already, and is returned as it is: Foundation's
    /// normalisation costs more than the rest of reading a seal's claims.
    static func nfc(_ text: String) -> String {
        let plain = text.unicodeScalars.allSatisfy { $0.value < 0x300 || (0x1E00...0x1EFF).contains($0.value) }
        return plain ? text : text.precomposedStringWithCanonicalMapping
    }

    /// The claims as CBOR, keys in ascending order (schema version 1).
    public var cbor: CBOR {
        var entries: [(CBOR, CBOR)] = [
            (.unsigned(0), .unsigned(1)),
            (.unsigned(1), .int(documentType.rawValue)),
            (.unsigned(2), .text(series)),
            (.unsigned(3), .int(number)),
            (.unsigned(4), .int(Int64(issuedAt.timeIntervalSince1970))),
            (.unsigned(5), .unsigned(amount)),
            (.unsigned(6), .text(feeLabel)),
            (.unsigned(7), .text(payerName)),
        ]
        if let payerReference { entries.append((.unsigned(8), .text(payerReference))) }
        if let supersedes {
            entries.append((.unsigned(10), .array([.int(supersedes.kind.rawValue), .text(supersedes.series), .int(supersedes.number)])))
        }
        if let period { entries.append((.unsigned(11), .int(period))) }
        return .map(entries)
    }

    /// Reads the claims of a seal's payload.
    public init(cbor bytes: [UInt8]) throws(ReceiptError) {
        let map = try CBOR.decode(bytes)
        guard case .map = map else { throw .malformed("the seal's payload is not a map of claims") }
        guard map[0]?.int == 1 else { throw .malformed("the seal's claims are not schema version 1") }
        func text(_ key: Int64) throws(ReceiptError) -> String {
            guard case .text(let value)? = map[key] else { throw .malformed("claim \(key) is missing or not text") }
            return value
        }
        func int(_ key: Int64) throws(ReceiptError) -> Int64 {
            guard let value = map[key]?.int else { throw .malformed("claim \(key) is missing or not a whole number") }
            return value
        }
        guard let type = DocumentType(rawValue: try int(1)) else { throw .malformed("claim 1 names no known document type") }
        let number = try int(3)
        let amount = try int(5)
        guard (1...9_999_999).contains(number) else { throw .malformed("claim 3 (the number) is not from 1 to 9,999,999") }
        guard amount >= 0 else { throw .malformed("claim 5 (the amount) is negative") }
        var supersedes: Supersedes?
        if case .array(let parts)? = map[10] {
            guard parts.count == 3, let kind = parts[0].int.flatMap(Supersedes.Kind.init(rawValue:)),
                case .text(let series) = parts[1], let number = parts[2].int
            else { throw .malformed("claim 10 is not [kind, series, number]") }
            supersedes = Supersedes(kind: kind, series: series, number: number)
        } else if map[10] != nil {
            throw .malformed("claim 10 is not [kind, series, number]")
        }
        var reference: String?
        if map[8] != nil { reference = try text(8) }
        self.init(
            documentType: type,
            series: try text(2),
            number: number,
            issuedAt: Date(timeIntervalSince1970: TimeInterval(try int(4))),
            amount: UInt64(amount),
            feeLabel: try text(6),
            payerName: try text(7),
            payerReference: reference,
            supersedes: supersedes,
            period: map[11] == nil ? nil : try int(11)
        )
    }
}
