import VietQR

/// Banks and accounts as every door takes them: a bank by BIN or by a name that only one bank
/// has; an account exactly as VietQR accepts it, so that every stored account can be drawn as a
/// payment code.
public enum BankAccount {
    /// The bank `written` names: a BIN, short name, code or name from `banks`.
    public static func bank(_ written: String, in banks: BankDirectory) throws(Refusal) -> Bank {
        let written = Text.clean(written)
        if written.isEmpty { throw Refusal(.required, "the bank is empty") }
        if let refusal = Text.check(written, limit: 200) { throw refusal }
        switch banks.lookup(written) {
        case .found(let bank):
            return bank
        case .ambiguous(let candidates):
            throw Refusal(
                .ambiguousBank,
                "'\(written)' names several banks ("
                    + candidates.map { "\($0.bin) \($0.shortName)" }.joined(separator: ", ") + "); give the BIN"
            )
        case .notFound:
            throw Refusal(.unknownBank, "no bank is called '\(written)'; write its BIN or short name (`cashless banks` lists them)")
        }
    }

    /// Why VietQR cannot carry `account` at the bank `bin` (a card number with `card`), or nil.
    public static func check(_ account: String, bin: String, card: Bool = false) -> Refusal? {
        if account.isEmpty { return Refusal(.required, "the account number is empty") }
        let problems = Payload(bankBIN: bin, account: account, service: card ? .card : .account).check()
        guard let problem = problems.first(where: { $0.severity == .error && $0.tag == Payload.Field.account.tag }) else {
            return nil
        }
        return Refusal(.invalidAccount, problem.message)
    }
}
