import ArgumentParser
import Ledger
import Operations
import Receipts
import Roster
import VietQR

/// `cashless demo`: a demo commune, so a new user sees something real.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract:
            "Load a demo commune: Phường Điện Biên (Thanh Hóa) with Chợ Điện Biên (100 stalls, 70 displaying their code), a school and a clinic with sealing keys, bills and receipts.",
        discussion: "Running it again changes nothing: what exists is kept, stalls are matched by stall code."
    )

    @OptionGroup var options: ServiceOptions

    func run() async throws {
        let banks = try options.banks.load()
        let keys = KeyStore(dataDirectory: try options.settings().dataDirectory)
        let summary = try await options.withLedger { ledger in
            try await DemoCommune.load(into: ledger, banks: banks, keys: keys)
        }
        print(summary)
    }
}

/// The demo data: made up, but shaped like a real ward of Thanh Hóa.
enum DemoCommune {
    static let author = "demo"

    static func load(into ledger: Ledger, banks: BankDirectory, keys: KeyStore) async throws -> String {
        let existing = try await ledger.listCommunes(CommuneFilter(search: "Điện Biên")).items.first { $0.name == "Phường Điện Biên" }
        let commune =
            if let existing { existing } else {
                try await ledger.createCommune(NewCommune(name: "Phường Điện Biên", province: "Thanh Hóa"))
            }
        func unit(_ kind: CommuneUnit.Kind, _ name: String, bin: String?, account: String?, holder: String?) async throws -> CommuneUnit {
            if let existing = try await ledger.listUnits(CommuneUnitFilter(communeId: commune.id, kind: kind, search: name)).items
                .first(where: { $0.name == name })
            {
                return existing
            }
            return try await ledger.createUnit(
                NewCommuneUnit(
                    kind: kind,
                    name: name,
                    communeId: commune.id,
                    address: "Phường Điện Biên, Thanh Hóa",
                    bankBin: bin,
                    bankAccount: account,
                    bankHolder: holder
                )
            )
        }
        let market = try await unit(.market, "Chợ Điện Biên", bin: nil, account: nil, holder: nil)
        let school = try await unit(
            .school,
            "Trường Tiểu học Điện Biên",
            bin: "970405",
            account: "3500205123456",
            holder: "TRUONG TIEU HOC DIEN BIEN"
        )
        let clinic = try await unit(
            .clinic,
            "Trạm Y tế phường Điện Biên",
            bin: "970418",
            account: "50010000123456",
            holder: "TRAM Y TE PHUONG DIEN BIEN"
        )
        let imported = try await ledger.importStalls(stalls(banks: banks), into: market.id, by: author)
        let sealer = ReceiptSealer(keys: keys)
        var fees: [String] = []
        for (unit, bills, receipts) in [(school, classList, schoolReceipts), (clinic, patients, clinicReceipts)] {
            if try await ledger.activeSigningKey(unit: unit.id) == nil {
                let key = try SigningKey.generate()
                try keys.save(key)
                _ = try await ledger.addSigningKey(
                    unit: unit.id,
                    kid: key.publicKey.kidHex,
                    alg: key.algorithm.rawValue,
                    publicKeyPem: key.publicKey.pem
                )
            }
            if try await ledger.listBills(unit: unit.id, page: PageRequest(limit: 1)).items.isEmpty {
                _ = try await Bills.create(bills, unit: unit.id, by: author, ledger: ledger)
            }
            for (index, receipt) in receipts.enumerated() {
                _ = try await ledger.issueReceipt(
                    receipt,
                    unitId: unit.id,
                    idempotency: try IdempotencyClaim(key: "demo-\(index + 1)", operation: "issue receipt", input: receipt),
                    by: author,
                    seal: { try sealer.seal($0) }
                )
            }
            fees.append("\(unit.name): \(bills.count) bills, \(receipts.count) receipts")
        }
        return """
            Demo loaded: \(commune.name) (commune \(commune.id)), \(market.name) (market \(market.id)), \
            \(school.name) (unit \(school.id)), \(clinic.name) (unit \(clinic.id)); \
            stalls created \(imported.created), updated \(imported.updated), unchanged \(imported.unchanged); \
            \(fees.joined(separator: "; ")).
            """
    }

    /// Class 3A's tuition for September: 12 pupils.
    static let classList: [NewBill] = (1...12).map { number in
        let names = [
            "Lê Văn Bình", "Nguyễn Thị Hoà", "Phạm Minh Đức", "Trần Thu Hà", "Hoàng Gia Bảo", "Vũ Ngọc Ánh",
            "Đặng Quốc Huy", "Bùi Thảo My", "Đỗ Hải Đăng", "Hồ Khánh Linh", "Ngô Tuấn Kiệt", "Dương Mỹ Duyên",
        ]
        return NewBill(
            payerName: names[number - 1],
            payerReference: "HS\(String(format: "%04d", 40 + number)) 3A",
            feeType: "Học phí tháng 9",
            amount: 1_250_000,
            dueDate: "2026-09-30"
        )
    }

    /// Patients billed for a consultation and tests.
    static let patients: [NewBill] = [
        NewBill(payerName: "Trần Thị Ánh Tuyết", payerReference: "BN00871", feeType: "Khám bệnh", amount: 35_000),
        NewBill(payerName: "Lê Quang Vinh", payerReference: "BN00872", feeType: "Xét nghiệm máu", amount: 120_000),
        NewBill(payerName: "Phạm Thị Lan", payerReference: "BN00873", feeType: "Khám bệnh", amount: 35_000),
    ]

    /// Fees already collected: most by QR or transfer, some in cash.
    static let schoolReceipts: [NewReceipt] = [
        NewReceipt(payerName: "Lê Văn Bình", payerReference: "HS0041 3A", feeType: "Học phí tháng 8", amount: 1_250_000, method: .qr),
        NewReceipt(payerName: "Nguyễn Thị Hoà", payerReference: "HS0042 3A", feeType: "Học phí tháng 8", amount: 1_250_000, method: .transfer),
        NewReceipt(payerName: "Phạm Minh Đức", payerReference: "HS0043 3A", feeType: "Học phí tháng 8", amount: 1_250_000, method: .cash),
    ]
    static let clinicReceipts: [NewReceipt] = [
        NewReceipt(payerName: "Hồ Văn Nam", payerReference: "BN00860", feeType: "Khám bệnh", amount: 35_000, method: .qr),
        NewReceipt(payerName: "Ngô Thị Mai", payerReference: "BN00861", feeType: "Khám bệnh", amount: 35_000, method: .cash),
    ]

    /// 100 stalls: 70 displaying their code, 10 with a code issued, 12 with an account, 8 surveyed.
    static func stalls(banks: BankDirectory) -> [StallEntry] {
        let family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
        let middle = ["Thị", "Văn", "Thị Thu", "Đức", "Thị Ngọc", "Minh", "Thị Hồng", "Quang"]
        let given = ["Hoà", "Lan", "Hùng", "Mai", "Tuấn", "Hương", "Dũng", "Thảo", "Nga", "Sơn", "Yến", "Phúc", "Tâm"]
        let bins = ["970436", "970415", "970418", "970405", "970422", "970407", "970416", "970432"]
        return (1...100).map { number in
            let name = "\(family[number % family.count]) \(middle[number % middle.count]) \(given[number % given.count])"
            let status: EquipmentStatus =
                switch number {
                case 1...70: .qrDisplayed
                case 71...80: .qrIssued
                case 81...92: .hasAccount
                default: .surveyed
                }
            let bank = banks[bin: bins[number % bins.count]]!
            return StallEntry(
                line: number + 1,
                stall: "Q\(number)",
                name: name,
                phone: "09\(12_000_000 + number * 7_919)",
                bank: bank,
                account: "10\(String(900_000_000 + number * 104_729))",
                holder: ASCIIFolding.fold(name).uppercased(),
                status: status
            )
        }
    }
}
