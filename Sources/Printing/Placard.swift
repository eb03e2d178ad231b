import VietQR

/// What one stall's placard shows: the stall, whom a payment reaches, and the VietQR code.
///
/// Independent of any database: the market board's records, a CSV row or a scanned code all
/// become one of these. Text may come in any Unicode normalisation form; it is printed in NFC.
public struct Placard: Sendable, Hashable {
    /// The stall's code at the market, such as `Q12` or `A-03`; sheets sort by it.
    public var stallCode: String
    /// The stall holder's name as people know it, with its diacritics: "Nguyễn Thị Hoà".
    public var holderName: String
    /// The bank's short name, such as `Vietcombank`.
    public var bankShortName: String
    /// The account (or card) number a payment goes to.
    public var account: String
    /// The account holder's name as the bank shows it after the code is scanned, often in
    /// capitals without diacritics: "NGUYEN THI HOA".
    public var accountHolder: String
    /// The VietQR payload text the QR code holds.
    public var payload: String
    /// The fixed amount in đồng for a dynamic code; `nil` for a static code (the payer types it).
    public var amount: UInt64?

    /// A placard from its fields as they are.
    public init(
        stallCode: String,
        holderName: String,
        bankShortName: String,
        account: String,
        accountHolder: String,
        payload: String,
        amount: UInt64? = nil
    ) {
        self.stallCode = stallCode
        self.holderName = holderName
        self.bankShortName = bankShortName
        self.account = account
        self.accountHolder = accountHolder
        self.payload = payload
        self.amount = amount
    }

    /// A placard for `payload` encoded: its account, and its amount when the code is dynamic.
    public init(
        stallCode: String,
        holderName: String,
        accountHolder: String,
        bank: Bank,
        payload: Payload
    ) throws(InvalidPayload) {
        self.init(
            stallCode: stallCode,
            holderName: holderName,
            bankShortName: bank.shortName,
            account: payload.account,
            accountHolder: accountHolder,
            payload: try payload.encoded(),
            amount: payload.effectiveInitiation == .dynamic ? payload.amount : nil
        )
    }

    /// The texts printed from the input, to name the one a ``PrintingError`` is about: a
    /// placard's fields, and the market a sheet's footer names.
    public enum Field: String, Sendable, Hashable, CaseIterable {
        case stallCode, holderName, bankShortName, account, accountHolder, market

        /// The field's name on the market board's forms (Vietnamese).
        public var label: String {
            switch self {
            case .stallCode: "Quầy"
            case .holderName: "Họ tên"
            case .bankShortName: "Ngân hàng"
            case .account: "Số tài khoản"
            case .accountHolder: "Chủ tài khoản"
            case .market: "Chợ"
            }
        }
    }
}
