import Foundation
import Ledger
import Operations
import Receipts
import Roster
import VietQR
import VietnamCalendar

/// The demo data: made up, but shaped like Thanh Hóa. Five communes, each with a market whose
/// stalls take up their payment codes month by month, a school and a clinic collecting fees, more
/// of them without cash as the year goes on; this month's tuition bills of Phường Điện Biên's
/// school with their payer's links, some paid.
enum DemoProvince {
    static let author = "demo"
    static let province = "Thanh Hóa"

    /// A commune of the demo: its market's size and where its stalls stand at the end of the year,
    /// and whether its school and clinic have a collecting account.
    struct CommunePlan: Sendable {
        var name: String
        var market: String
        var stalls: Int
        /// Stalls displaying their code at the end, of `stalls`; a year ago a quarter of that.
        var displaying: Int
        var issued: Int
        var withAccount: Int
        var school: String
        var schoolCollects: Bool
        var clinic: String
        var clinicCollects: Bool
    }

    static let communes: [CommunePlan] = [
        CommunePlan(
            name: "Phường Điện Biên",
            market: "Chợ Điện Biên",
            stalls: 100,
            displaying: 70,
            issued: 10,
            withAccount: 12,
            school: "Trường Tiểu học Điện Biên",
            schoolCollects: true,
            clinic: "Trạm Y tế phường Điện Biên",
            clinicCollects: true
        ),
        CommunePlan(
            name: "Phường Trường Thi",
            market: "Chợ Trường Thi",
            stalls: 80,
            displaying: 62,
            issued: 8,
            withAccount: 6,
            school: "Trường THCS Trường Thi",
            schoolCollects: true,
            clinic: "Trạm Y tế phường Trường Thi",
            clinicCollects: true
        ),
        CommunePlan(
            name: "Phường Đông Vệ",
            market: "Chợ Đông Vệ",
            stalls: 120,
            displaying: 66,
            issued: 20,
            withAccount: 18,
            school: "Trường Tiểu học Đông Vệ",
            schoolCollects: true,
            clinic: "Trạm Y tế phường Đông Vệ",
            clinicCollects: false
        ),
        CommunePlan(
            name: "Phường Quảng Thắng",
            market: "Chợ Quảng Thắng",
            stalls: 60,
            displaying: 50,
            issued: 4,
            withAccount: 4,
            school: "Trường Mầm non Quảng Thắng",
            schoolCollects: true,
            clinic: "Trạm Y tế phường Quảng Thắng",
            clinicCollects: true
        ),
        CommunePlan(
            name: "Xã Quảng Phú",
            market: "Chợ Quảng Phú",
            stalls: 40,
            displaying: 18,
            issued: 6,
            withAccount: 8,
            school: "Trường Tiểu học Quảng Phú",
            schoolCollects: false,
            clinic: "Trạm Y tế xã Quảng Phú",
            clinicCollects: true
        ),
    ]

    /// A commune as loaded: its units' ids.
    struct LoadedCommune: Sendable {
        var commune: Commune
        var market: CommuneUnit
        var school: CommuneUnit
        var clinic: CommuneUnit
    }

    /// What the demo loaded, for its summary and its people.
    struct Loaded: Sendable {
        var communes: [LoadedCommune]
        var months: [Month]
        var receipts: Int
        /// Whether this run loaded the history (false: it was there, and nothing was added).
        var added: Bool
        /// The link secrets of an unpaid and a paid bill of Phường Điện Biên's school.
        var unpaidLink: String
        var paidLink: String

        var summary: String {
            let through = months.map(\.description)
            return "\(DemoProvince.province), \(communes.count) communes (\(communes.map(\.commune.name).joined(separator: ", "))), "
                + "history \(through.first ?? "") to \(through.last ?? ""), \(receipts) receipts"
                + (added ? "" : " (already loaded: nothing added)") + "."
        }
    }

    /// Loads the province into `ledger`, its history with `clock` set back month by month, saying
    /// each month to `progress`. Loaded once: run again, it finds the communes and adds nothing.
    static func load(
        into ledger: Ledger,
        banks: BankDirectory,
        keys: KeyStore,
        clock: DemoClock,
        progress: (String) -> Void
    ) async throws -> Loaded {
        let months = lastTwelveMonths()
        let existing = try await ledger.listCommunes(CommuneFilter(province: province), page: PageRequest(limit: 500)).items
        let added = !communes.allSatisfy { plan in existing.contains { $0.name == plan.name } }
        if added { clock.set(middle(of: months[0])) }
        defer { clock.set(nil) }
        var loaded: [LoadedCommune] = []
        for plan in communes {
            loaded.append(try await commune(plan, existing: existing, ledger: ledger, keys: keys))
        }
        let sealer = ReceiptSealer(keys: keys)
        if added {
            for (index, month) in months.enumerated() {
                progress("demo: \(month) (\(index + 1)/\(months.count))")
                clock.set(index == months.count - 1 ? nil : middle(of: month))
                for (plan, commune) in zip(communes, loaded) {
                    _ = try await ledger.importStalls(
                        stalls(plan, month: index, of: months.count, banks: banks),
                        into: commune.market.id,
                        by: author
                    )
                    try await collect(commune, plan: plan, month: month, index: index, of: months.count, ledger: ledger, sealer: sealer)
                }
            }
            try await bill(loaded[0], ledger: ledger, sealer: sealer)
        }
        let bills = try await ledger.listBills(unit: loaded[0].school.id, page: PageRequest(limit: 500)).items
        var receipts = 0
        for commune in loaded {
            for unit in [commune.school, commune.clinic] {
                receipts += try await Page.all { try await ledger.listReceipts(unit: unit.id, page: $0) }.count
            }
        }
        return Loaded(
            communes: loaded,
            months: months,
            receipts: receipts,
            added: added,
            unpaidLink: bills.first { $0.status == .open }?.payToken ?? "",
            paidLink: bills.first { $0.status == .paid }?.payToken ?? ""
        )
    }

    /// The commune of `plan` with its market, school and clinic (and their signing keys), found
    /// or made.
    private static func commune(_ plan: CommunePlan, existing: [Commune], ledger: Ledger, keys: KeyStore) async throws -> LoadedCommune {
        let commune =
            if let found = existing.first(where: { $0.name == plan.name }) { found } else {
                try await ledger.createCommune(NewCommune(name: plan.name, province: province))
            }
        func unit(_ kind: CommuneUnit.Kind, _ name: String, collects: Bool) async throws -> CommuneUnit {
            if let found = try await ledger.listUnits(CommuneUnitFilter(communeId: commune.id, kind: kind, search: name)).items
                .first(where: { $0.name == name })
            {
                return found
            }
            let account = accounts[name]
            return try await ledger.createUnit(
                NewCommuneUnit(
                    kind: kind,
                    name: name,
                    communeId: commune.id,
                    address: "\(plan.name), \(province)",
                    bankBin: collects ? account?.bin : nil,
                    bankAccount: collects ? account?.number : nil,
                    bankHolder: collects ? ASCIIFolding.fold(name).uppercased() : nil
                )
            )
        }
        let loaded = LoadedCommune(
            commune: commune,
            market: try await unit(.market, plan.market, collects: false),
            school: try await unit(.school, plan.school, collects: plan.schoolCollects),
            clinic: try await unit(.clinic, plan.clinic, collects: plan.clinicCollects)
        )
        for unit in [loaded.school, loaded.clinic] where try await ledger.activeSigningKey(unit: unit.id) == nil {
            let key = try SigningKey.generate()
            try keys.save(key)
            _ = try await ledger.addSigningKey(unit: unit.id, kid: key.publicKey.kidHex, alg: key.algorithm.rawValue, publicKeyPem: key.publicKey.pem)
        }
        return loaded
    }

    /// The schools' and clinics' collecting accounts (made up).
    static let accounts: [String: (bin: String, number: String)] = Dictionary(
        uniqueKeysWithValues: communes.enumerated().flatMap { index, plan in
            [
                (plan.school, (bin: ["970405", "970436", "970415", "970418", "970422"][index], number: "35002051\(23_456 + index)")),
                (plan.clinic, (bin: ["970418", "970405", "970436", "970407", "970432"][index], number: "50010000\(123_456 + index)")),
            ]
        }
    )

    /// What the school and clinic of `commune` collect in `month` (`index` of `count`): five
    /// tuition fees and four consultations, more of them by QR or transfer as the year goes on
    /// (two of five at first, all but one at the end).
    private static func collect(
        _ commune: LoadedCommune,
        plan: CommunePlan,
        month: Month,
        index: Int,
        of count: Int,
        ledger: Ledger,
        sealer: ReceiptSealer
    ) async throws {
        let progress = Double(index) / Double(max(1, count - 1))
        for (unit, fees) in [(commune.school, 5), (commune.clinic, 4)] {
            let collects = unit.kind == .school ? plan.schoolCollects : plan.clinicCollects
            let cashless = collects ? Int((Double(fees) * (0.4 + 0.45 * progress)).rounded()) : 0
            for number in 0..<fees {
                let name = DemoNames.person(index * 31 + number * 7 + Int(unit.id))
                let method: Receipt.Method = number < cashless ? (number % 2 == 0 ? .qr : .transfer) : .cash
                let receipt =
                    unit.kind == .school
                    ? NewReceipt(
                        payerName: name,
                        payerReference: "HS\(String(format: "%04d", 100 + number)) \(3 + number % 3)A",
                        feeType: "Học phí tháng \(month.month)/\(month.year)",
                        amount: 1_250_000,
                        method: method
                    )
                    : NewReceipt(
                        payerName: name,
                        payerReference: "BN\(String(format: "%05d", 800 + index * 10 + number))",
                        feeType: number % 2 == 0 ? "Khám bệnh" : "Xét nghiệm máu",
                        amount: number % 2 == 0 ? 35_000 : 120_000,
                        method: method
                    )
                try await issue(receipt, unit: unit, key: "demo-\(month)-\(number)", ledger: ledger, sealer: sealer)
            }
        }
    }

    /// This month's tuition of class 3A at the first commune's school, with the payer's links:
    /// seven paid by QR, five still open (some with a parent's email and phone); three patients'
    /// bills at its clinic, one paid.
    private static func bill(_ commune: LoadedCommune, ledger: Ledger, sealer: ReceiptSealer) async throws {
        let today = Calendar.vietnam.dateComponents([.year, .month], from: Date())
        let month = Month(year: today.year ?? 2026, month: today.month ?? 1)
        let due = String(format: "%04d-%02d-28", month.year, month.month)
        let pupils = (1...12).map { number in
            NewBill(
                payerName: DemoNames.pupils[number - 1],
                payerReference: "HS\(String(format: "%04d", 40 + number)) 3A",
                feeType: "Học phí tháng \(month.month)/\(month.year)",
                amount: 1_250_000,
                dueDate: due,
                payerEmail: number % 3 == 0 ? "phuhuynh.hs\(40 + number)@example.vn" : nil,
                payerPhone: number % 4 == 0 ? "09\(12_345_600 + number)" : nil
            )
        }
        let patients = [
            NewBill(payerName: "Trần Thị Ánh Tuyết", payerReference: "BN00871", feeType: "Khám bệnh", amount: 35_000),
            NewBill(payerName: "Lê Quang Vinh", payerReference: "BN00872", feeType: "Xét nghiệm máu", amount: 120_000),
            NewBill(payerName: "Phạm Thị Lan", payerReference: "BN00873", feeType: "Khám bệnh", amount: 35_000),
        ]
        for (unit, bills, paid) in [(commune.school, pupils, 7), (commune.clinic, patients, 1)] {
            let made = try await Bills.create(bills, unit: unit.id, by: author, ledger: ledger)
            for bill in made.prefix(paid) {
                let receipt = NewReceipt(
                    payerName: bill.payerName,
                    payerReference: bill.payerReference,
                    feeType: bill.feeType,
                    amount: bill.amount,
                    method: .qr,
                    billId: bill.id
                )
                try await issue(receipt, unit: unit, key: "demo-bill-\(bill.id)", ledger: ledger, sealer: sealer)
            }
        }
    }

    /// Issues `receipt` for `unit` once: run again, the key finds the receipt issued.
    private static func issue(_ receipt: NewReceipt, unit: CommuneUnit, key: String, ledger: Ledger, sealer: ReceiptSealer) async throws {
        _ = try await ledger.issueReceipt(
            receipt,
            unitId: unit.id,
            idempotency: try IdempotencyClaim(key: key, operation: "issue receipt", input: receipt),
            by: author,
            seal: { try sealer.seal($0) }
        )
    }

    /// The stalls of `plan`'s market in month `index` of `count`: the displaying share grows from
    /// a quarter of its end to its end; a stall only moves up (surveyed, with an account, code
    /// issued, displaying).
    static func stalls(_ plan: CommunePlan, month index: Int, of count: Int, banks: BankDirectory) -> [StallEntry] {
        let progress = Double(index) / Double(max(1, count - 1))
        let displaying = Int((Double(plan.displaying) * (0.25 + 0.75 * progress)).rounded())
        let bins = ["970436", "970415", "970418", "970405", "970422", "970407", "970416", "970432"]
        return (1...plan.stalls).map { number in
            let status: EquipmentStatus =
                if number <= displaying {
                    .qrDisplayed
                } else if number <= displaying + plan.issued {
                    .qrIssued
                } else if number <= displaying + plan.issued + plan.withAccount {
                    .hasAccount
                } else {
                    .surveyed
                }
            let name = DemoNames.person(number + plan.stalls)
            return StallEntry(
                line: number + 1,
                stall: "Q\(number)",
                name: name,
                phone: "09\(12_000_000 + number * 7_919)",
                bank: banks[bin: bins[number % bins.count]]!,
                account: "10\(String(900_000_000 + number * 104_729 + plan.stalls))",
                holder: ASCIIFolding.fold(name).uppercased(),
                status: status
            )
        }
    }

    /// The twelve months up to this one, in Vietnam.
    static func lastTwelveMonths() -> [Month] {
        let today = Calendar.vietnam.dateComponents([.year, .month], from: Date())
        var month = Month(year: today.year ?? 2026, month: today.month ?? 1)
        var months = [month]
        for _ in 1..<12 {
            month = month.month == 1 ? Month(year: month.year - 1, month: 12) : Month(year: month.year, month: month.month - 1)
            months.insert(month, at: 0)
        }
        return months
    }

    /// The 15th of `month`, 09:00 in Vietnam.
    static func middle(of month: Month) -> Date {
        Calendar.vietnam.date(from: DateComponents(year: month.year, month: month.month, day: 15, hour: 9)) ?? Date()
    }
}

/// Vietnamese names for the demo's people.
enum DemoNames {
    static let family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
    static let middle = ["Thị", "Văn", "Thị Thu", "Đức", "Thị Ngọc", "Minh", "Thị Hồng", "Quang"]
    static let given = ["Hoà", "Lan", "Hùng", "Mai", "Tuấn", "Hương", "Dũng", "Thảo", "Nga", "Sơn", "Yến", "Phúc", "Tâm"]

    /// A name made from `number`.
    static func person(_ number: Int) -> String {
        "\(family[number % family.count]) \(middle[number % middle.count]) \(given[number % given.count])"
    }

    /// Class 3A.
    static let pupils = [
        "Lê Văn Bình", "Nguyễn Thị Hoà", "Phạm Minh Đức", "Trần Thu Hà", "Hoàng Gia Bảo", "Vũ Ngọc Ánh",
        "Đặng Quốc Huy", "Bùi Thảo My", "Đỗ Hải Đăng", "Hồ Khánh Linh", "Ngô Tuấn Kiệt", "Dương Mỹ Duyên",
    ]
}
