import Roster
import Rules

/// The fields of a stall a caller may set, cleaned and checked: what registering, changing and
/// importing a stall share.
struct VendorFields: Equatable {
    var stall: String
    var name: String
    var phone: String?
    var bankBin: String?
    var account: String?
    var holder: String?
    var status: EquipmentStatus

    /// The stall code as uniqueness compares it: without regard to case.
    var stallKey: String { stall.uppercased() }

    /// The text a search looks in: the stall code and the holder's name, folded.
    var search: String { searchKey(stall + " " + name) }

    /// The fields cleaned; their problems go to `check`.
    init(
        stall: String,
        name: String,
        phone: String?,
        bankBin: String?,
        account: String?,
        holder: String?,
        status: EquipmentStatus,
        check: inout FieldChecker
    ) {
        typealias Column = StallList.Column
        self.stall = check.required(stall, "stall", limit: Column.stall.limit)
        self.name = check.required(name, "name", limit: Column.name.limit)
        self.phone = check.optional(phone, "phone", limit: Column.phone.limit)
        self.bankBin = check.bankBIN(bankBin, "bank")
        self.account = check.optional(account, "account", limit: Column.account.limit)
        self.holder = check.optional(holder, "holder", limit: Column.holder.limit)
        self.status = status
        check.bankAccount(bin: self.bankBin, binField: "bank", account: self.account, accountField: "account")
        if status > .surveyed, self.bankBin == nil || self.account == nil || self.holder == nil {
            check.problem("status", "a stall at \(status.rawValue) needs its bank, account and account holder")
        }
    }

    /// The fields of a stall to register.
    init(_ new: NewVendor, check: inout FieldChecker) {
        self.init(
            stall: new.stall,
            name: new.name,
            phone: new.phone,
            bankBin: new.bankBin,
            account: new.account,
            holder: new.holder,
            status: new.status,
            check: &check
        )
    }

    /// The fields of a stored stall, taken as they are.
    init(stored vendor: Vendor) {
        stall = vendor.stall
        name = vendor.name
        phone = vendor.phone
        bankBin = vendor.bankBin
        account = vendor.account
        holder = vendor.holder
        status = vendor.status
    }
}

extension Vendor {
    /// The stall with `fields` in place of its own.
    func with(_ fields: VendorFields) -> Vendor {
        var vendor = self
        vendor.stall = fields.stall
        vendor.name = fields.name
        vendor.phone = fields.phone
        vendor.bankBin = fields.bankBin
        vendor.account = fields.account
        vendor.holder = fields.holder
        vendor.status = fields.status
        return vendor
    }
}
