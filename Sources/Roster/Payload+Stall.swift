import VietQR

extension Payload {
    /// A stall's static VietQR: reusable, no amount, the stall code as store label (62/03), and the
    /// holder's name as merchant name when it fits the 25 characters EMV allows. Bank apps show the
    /// account holder from their own records anyway, so a longer name is left out, not cut.
    public static func stall(_ code: String, holder name: String, bankBIN: String, account: String) -> Payload {
        var payload = Payload(bankBIN: bankBIN, account: account, merchantName: name, store: code)
        let nameTags: Set<String?> = [Field.merchantName.tag, Field.alternateName.tag]
        if payload.check().contains(where: { nameTags.contains($0.tag) }) { payload.merchantName = nil }
        return payload
    }
}
