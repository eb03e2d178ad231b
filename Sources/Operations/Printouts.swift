import Billing
import Foundation
import Ledger
import Printing
import Roster
import Rules
import VietQR
import VietnamCalendar

/// Why a printout cannot be made.
public enum PrintoutError: Error, Sendable, Hashable, CustomStringConvertible {
    /// There is nothing to print: no stall with an account, no bill of the kind asked for.
    case nothingToPrint(String)
    /// A receipt shows its unit's address (TT 32/2025), and the unit has none.
    case noAddress(unitId: Int64, unitName: String)
    /// Stalls whose placard cannot be drawn, by stall code, and why: a sheet that silently left them
    /// out would go unnoticed at the market.
    case undrawable(market: String, stalls: [String: Refusal])

    public var description: String {
        switch self {
        case .nothingToPrint(let what): what
        case let .noAddress(unitId, unitName):
            "a receipt shows its unit's address (TT 32/2025), and \(unitName) has none: set it with PATCH /v1/units/\(unitId)"
        case let .undrawable(market, stalls):
            "\(stalls.count) stall\(stalls.count == 1 ? "" : "s") of \(market) cannot be printed: correct their accounts, then print the sheet"
        }
    }
}

/// What market boards and bursars print: a market's sheet of placards, a unit's bill slips.
public enum Printouts {
    /// The placard of a stall, nil when it has no account; throws what makes its code or its
    /// placard impossible (an account VietQR cannot carry, text no font draws).
    public static func placard(for vendor: Vendor, banks: BankDirectory) throws(InvalidPayload) -> Placard? {
        guard let bin = vendor.bankBin, let account = vendor.account else { return nil }
        let bank = banks[bin: bin] ?? Bank(bin: bin, shortName: bin, name: bin)
        return try Placard(
            stallCode: vendor.stall,
            holderName: vendor.name,
            accountHolder: vendor.holder ?? vendor.name,
            bank: bank,
            payload: .stall(vendor.stall, holder: vendor.name, bankBIN: bin, account: account)
        )
    }

    /// The market's sheet: a placard for every open stall with an account, sorted by stall code.
    /// Refused naming every stall whose placard cannot be drawn, or when no stall has an account.
    /// The PDF is drawn on `work`'s threads.
    public static func marketSheet(
        _ market: CommuneUnit,
        perPage: MarketSheet.PlacardsPerPage,
        ledger: Ledger,
        banks: BankDirectory,
        work: ExpensiveWork
    ) async throws -> [UInt8] {
        var placards: [Placard] = []
        var undrawable: [String: Refusal] = [:]
        for vendor in try await Page.all({ try await ledger.listVendors(in: market.id, VendorFilter(), page: $0) }) {
            do {
                if let placard = try placard(for: vendor, banks: banks) { placards.append(placard) }
            } catch {
                let problem = error.problems.first { $0.severity == .error }
                let code: ProblemCode =
                    switch problem?.tag {
                    case Payload.Field.account.tag: .invalidAccount
                    case Payload.Field.bankBIN.tag: .unknownBank
                    default: .invalidValue
                    }
                undrawable[vendor.stall] = Refusal(code, problem?.message ?? "its code cannot be made")
            }
        }
        guard undrawable.isEmpty else { throw PrintoutError.undrawable(market: market.name, stalls: undrawable) }
        guard !placards.isEmpty else {
            throw PrintoutError.nothingToPrint("no stall of \(market.name) has a bank account yet: there is nothing to print")
        }
        let sheet = MarketSheet(market: market.name, placards: placards, perPage: perPage)
        return try await work.run { try sheet.pdf() }
    }

    /// The slips of the unit's bills (of `status`, or all), four to an A4 page, drawn on `work`'s threads.
    public static func billSlips(
        _ unit: CommuneUnit,
        status: Bill.Status?,
        publicURL: String,
        ledger: Ledger,
        banks: BankDirectory,
        work: ExpensiveWork
    )
        async throws -> [UInt8]
    {
        let bills = try await Page.all { try await ledger.listBills(unit: unit.id, status: status, page: $0) }
        guard !bills.isEmpty else { throw PrintoutError.nothingToPrint("\(unit.name) has no \(status?.rawValue ?? "") bills to print") }
        guard let bin = unit.bankBin, let account = unit.bankAccount else { throw BillingError.noAccount(unitId: unit.id, unitName: unit.name) }
        let bank = banks[bin: bin]?.shortName ?? bin
        let slips = bills.map { bill in
            BillSlip(
                unitName: unit.name,
                payerName: bill.payerName,
                payerReference: bill.payerReference,
                feeType: bill.feeType,
                amount: bill.amount,
                dueDate: bill.dueDate.flatMap(BillDate.init).map(noon),
                billCode: bill.code,
                payload: bill.payload,
                bankShortName: bank,
                account: account,
                accountHolder: unit.bankHolder ?? unit.name,
                payerLink: bill.payToken.map { PayerLink.url($0, publicURL: publicURL) }
            )
        }
        return try await work.run { try BillSlips.pdf(slips, title: "Phiếu báo thu — \(unit.name)") }
    }

    /// Noon of `date` in Vietnam, so it prints as that day wherever the server runs.
    public static func noon(_ date: BillDate) -> Date {
        Calendar.vietnam.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 12)) ?? Date()
    }
}
