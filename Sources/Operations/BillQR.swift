import Billing
import Foundation
import Ledger
import VietQR
import VietnamCalendar

/// Why a bill cannot be made or printed.
public enum BillingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The unit has no bank account for payers to pay into.
    case noAccount(unitId: Int64, unitName: String)

    public var description: String {
        switch self {
        case let .noAccount(unitId, unitName):
            "\(unitName) has no bank account to be paid into: set bankBin and bankAccount with PATCH /v1/units/\(unitId)"
        }
    }
}

/// The code and dynamic VietQR of a new bill of `unit`: the unit's account, the amount, the code
/// (HP for a school's tuition, VP for a clinic, TT otherwise, then the year in Vietnam) as the
/// transfer content (62/08) and, without its space, the bill number (62/01).
@Sendable public func billQR(_ unit: CommuneUnit, _ bill: NewBill) throws -> BillQR {
    guard let bin = unit.bankBin, let account = unit.bankAccount else { throw BillingError.noAccount(unitId: unit.id, unitName: unit.name) }
    let kind: BillCode.Kind =
        switch unit.kind {
        case .school: .tuition
        case .clinic: .hospital
        case .market, .other: .fee
        }
    var generator = SystemRandomNumberGenerator()
    let code = BillCode.random(kind: kind, year: Calendar.vietnam.component(.year, from: Date()), using: &generator)
    let payload = Payload.bill(code, amount: bill.amount, holder: unit.bankHolder ?? unit.name, bankBIN: bin, account: account)
    return BillQR(code: code.description, payload: try payload.encoded())
}
