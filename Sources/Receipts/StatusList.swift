/// The receipts of a unit that were replaced or adjusted, signed with the deployment's root key,
/// so an offline verifier learns that a paper receipt no longer stands on its own.
public struct StatusList: SignedDocument, Hashable {
    /// One superseded receipt.
    public struct Entry: Sendable, Hashable, Codable {
        public enum Status: String, Sendable, Hashable, Codable { case replaced, adjusted }

        public var formCode: String
        public var series: String
        public var number: Int64
        public var status: Status
        /// The receipt that superseded it: "EBL01 26T 0000124".
        public var by: String

        public init(formCode: String, series: String, number: Int64, status: Status, by: String) {
            self.formCode = formCode
            self.series = series
            self.number = number
            self.status = status
            self.by = by
        }
    }

    public var unitId: Int64
    /// The series it covers; nil when it covers every series of the unit.
    public var series: String?
    /// ISO 8601.
    public var issuedAt: String
    public var entries: [Entry]
    public var signer: Signer
    public var signature: String?

    /// An unsigned list; ``sign(with:)`` it with the root key.
    public init(unitId: Int64, series: String?, issuedAt: String, entries: [Entry], root: PublicKey) {
        self.unitId = unitId
        self.series = series
        self.issuedAt = issuedAt
        self.entries = entries
        self.signer = Signer(root)
        self.signature = nil
    }

    /// The entry of a receipt, if it was superseded.
    public func entry(formCode: String, series: String, number: Int64) -> Entry? {
        entries.first { $0.formCode == formCode && $0.series == series && $0.number == number }
    }
}
