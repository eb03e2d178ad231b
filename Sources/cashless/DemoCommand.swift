import ArgumentParser
import Ledger
import Roster
import VietQR

/// `cashless demo`: a demo commune, so a new user sees something real.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Load a demo commune: Phường Điện Biên (Thanh Hóa) with Chợ Điện Biên (100 stalls, 70 displaying their code), a school and a clinic.",
        discussion: "Running it again changes nothing: what exists is kept, stalls are matched by stall code."
    )

    @OptionGroup var options: ServiceOptions

    func run() async throws {
        let banks = try options.banks.load()
        let summary = try await options.withLedger { ledger in
            try await DemoCommune.load(into: ledger, banks: banks)
        }
        print(summary)
    }
}

/// The demo data: made up, but shaped like a real ward of Thanh Hóa.
enum DemoCommune {
    static let author = "demo"

    static func load(into ledger: Ledger, banks: BankDirectory) async throws -> String {
        let existing = try await ledger.listCommunes(CommuneFilter(search: "Điện Biên")).items.first { $0.name == "Phường Điện Biên" }
        let commune = if let existing { existing } else {
            try await ledger.createCommune(NewCommune(name: "Phường Điện Biên", province: "Thanh Hóa"))
        }
        func unit(_ kind: CommuneUnit.Kind, _ name: String, bin: String?, account: String?, holder: String?) async throws -> CommuneUnit {
            if let existing = try await ledger.listUnits(CommuneUnitFilter(communeId: commune.id, kind: kind, search: name)).items
                .first(where: { $0.name == name }) {
                return existing
            }
            return try await ledger.createUnit(NewCommuneUnit(
                kind: kind, name: name, communeId: commune.id, address: "Phường Điện Biên, Thanh Hóa",
                bankBin: bin, bankAccount: account, bankHolder: holder))
        }
        let market = try await unit(.market, "Chợ Điện Biên", bin: nil, account: nil, holder: nil)
        let school = try await unit(.school, "Trường Tiểu học Điện Biên", bin: "970405", account: "3500205123456",
                                    holder: "TRUONG TIEU HOC DIEN BIEN")
        let clinic = try await unit(.clinic, "Trạm Y tế phường Điện Biên", bin: "970418", account: "50010000123456",
                                    holder: "TRAM Y TE PHUONG DIEN BIEN")
        let imported = try await ledger.importStalls(stalls(banks: banks), into: market.id, by: author)
        return """
            Demo loaded: \(commune.name) (commune \(commune.id)), \(market.name) (market \(market.id)), \
            \(school.name) (unit \(school.id)), \(clinic.name) (unit \(clinic.id)); \
            stalls created \(imported.created), updated \(imported.updated), unchanged \(imported.unchanged).
            """
    }

    /// 100 stalls: 70 displaying their code, 10 with a code issued, 12 with an account, 8 surveyed.
    static func stalls(banks: BankDirectory) -> [StallEntry] {
        let family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
        let middle = ["Thị", "Văn", "Thị Thu", "Đức", "Thị Ngọc", "Minh", "Thị Hồng", "Quang"]
        let given = ["Hoà", "Lan", "Hùng", "Mai", "Tuấn", "Hương", "Dũng", "Thảo", "Nga", "Sơn", "Yến", "Phúc", "Tâm"]
        let bins = ["970436", "970415", "970418", "970405", "970422", "970407", "970416", "970432"]
        return (1...100).map { number in
            let name = "\(family[number % family.count]) \(middle[number % middle.count]) \(given[number % given.count])"
            let status: EquipmentStatus = switch number {
            case 1...70: .qrDisplayed
            case 71...80: .qrIssued
            case 81...92: .hasAccount
            default: .surveyed
            }
            let bank = banks[bin: bins[number % bins.count]]!
            return StallEntry(line: number + 1, stall: "Q\(number)", name: name, phone: "09\(12_000_000 + number * 7_919)",
                              bank: bank, account: "10\(String(900_000_000 + number * 104_729))",
                              holder: ASCIIFolding.fold(name).uppercased(), status: status)
        }
    }
}
