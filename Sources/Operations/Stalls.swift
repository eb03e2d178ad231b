import Foundation
import Ledger
import Roster
import Rules
import VietQR

/// Registering a stall, whichever door it comes through: what the market board typed or sent, or
/// the VietQR code the stall already displays. The ledger then checks every field by the rules.
public enum Stalls {
    /// A stall from what a door received: the bank by BIN or a name one bank has; by default the
    /// status is surveyed without an account and has_account with one.
    public static func new(
        stall: String,
        name: String,
        phone: String?,
        bank: String?,
        account: String?,
        holder: String?,
        status: EquipmentStatus? = nil,
        banks: BankDirectory
    ) throws(FieldProblem) -> NewVendor {
        var bin: String?
        if let bank {
            do {
                bin = try BankAccount.bank(bank, in: banks).bin
            } catch {
                throw FieldProblem(field: "bank", error)
            }
        }
        return NewVendor(
            stall: stall,
            name: name,
            phone: phone,
            bankBin: bin,
            account: account,
            holder: holder,
            status: status ?? (account == nil ? .surveyed : .hasAccount)
        )
    }

    /// A stall registered from the VietQR `payload` it already displays, at qr_displayed: bank and
    /// account from the code; the holder's name from `name` or the code (tag 64, else 59). Refused
    /// for a payload that is not a valid VietQR, saying why.
    public static func fromQR(
        _ stall: String,
        payload: String,
        name: String?,
        holder: String?,
        phone: String?,
        banks: BankDirectory
    ) throws(InvalidFields) -> NewVendor {
        let decoded = DecodedPayload(payload.trimmingCharacters(in: .whitespacesAndNewlines), banks: banks)
        guard decoded.scheme == .vietqr else {
            let reason = decoded.scheme == .vnpayqr ? "a VNPAY-QR merchant code does not name a bank account" : "it has no NAPAS account (tag 38)"
            throw InvalidFields([FieldProblem(field: "payload", reason: "the code is not a VietQR: " + reason)])
        }
        guard decoded.isValid, let bin = decoded.bankBIN, let account = decoded.account else {
            throw InvalidFields(
                decoded.problems.filter { $0.severity == .error }.map {
                    FieldProblem(field: "payload", reason: "the code is not a valid VietQR: \($0.code.rawValue): \($0.message)")
                }
            )
        }
        guard let holderName = name ?? decoded.alternateLanguage?.name ?? decoded.merchantName.map(String.init) else {
            throw InvalidFields([FieldProblem(field: "name", code: .required, reason: "the code carries no name; give it")])
        }
        // Bank apps show the holder in capitals without diacritics; by default, the name written so.
        let holder = holder ?? ASCIIFolding.fold(decoded.merchantName.map(String.init) ?? holderName).uppercased()
        return NewVendor(
            stall: stall,
            name: holderName,
            phone: phone,
            bankBin: String(bin),
            account: String(account),
            holder: holder,
            status: .qrDisplayed
        )
    }
}
