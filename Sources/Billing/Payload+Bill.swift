import VietQR

extension Payload {
    /// A bill's dynamic VietQR, the twin of ``VietQR/Payload/stall(_:holder:bankBIN:account:)``: for
    /// one payment of `amount`, the bill's code as transfer content (62/08) and, without its space, as
    /// bill number (62/01), and the account holder's name as merchant name when it fits (bank apps
    /// show the holder from their own records anyway, so a longer name is left out, not cut).
    public static func bill(_ code: BillCode, amount: UInt64, holder name: String, bankBIN: String, account: String) -> Payload {
        var payload = Payload(
            bankBIN: bankBIN,
            account: account,
            amount: amount,
            merchantName: name,
            billNumber: code.compact,
            purpose: code.description
        )
        if payload.check().contains(where: { $0.tag == Field.merchantName.tag }) { payload.merchantName = nil }
        return payload
    }
}
