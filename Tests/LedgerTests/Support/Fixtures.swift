import Foundation
import Roster
import SQLKit
import Testing
import VietQR

@testable import Ledger

/// The banks of `Config/banks.json`, as the server reads them.
let banks: BankDirectory = {
    let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../Config/banks.json").standardizedFileURL
    do {
        return try BankDirectory(json: Data(contentsOf: file))
    } catch {
        preconditionFailure("cannot read \(file.path): \(error)")
    }
}()

/// The stalls of a survey CSV, read as `cashless sheet` and the import route read it.
func stallList(_ csv: String) throws -> [StallEntry] {
    try StallList.read(csv, banks: banks)
}

/// A survey CSV of stalls `A1`… numbered from `first` through `last`, each at `status` when given.
func surveyCSV(_ range: ClosedRange<Int>, status: EquipmentStatus? = nil, namePrefix: String = "Nguyễn Thị") -> String {
    var lines = ["Quầy,Họ tên,Ngân hàng,Số tài khoản,Chủ tài khoản" + (status == nil ? "" : ",Trạng thái")]
    for number in range {
        let account = String(1_000_000_000 + number)
        lines.append(
            "A\(number),\(namePrefix) \(number),Vietcombank,\(account),\(ASCIIFolding.fold(namePrefix).uppercased()) \(number)"
                + (status.map { "," + $0.rawValue } ?? "")
        )
    }
    return lines.joined(separator: "\n") + "\n"
}

/// A commune with one market, the setting most tests start from.
struct MarketFixture {
    var commune: Commune
    var market: CommuneUnit

    init(in ledger: Ledger) async throws {
        commune = try await ledger.createCommune(NewCommune(name: "Phường Điện Biên", province: "Hà Nội"))
        market = try await ledger.createUnit(NewCommuneUnit(kind: .market, name: "Chợ Điện Biên", communeId: commune.id))
    }

    /// The same commune and market in a database migrated only up to a version before 15, which
    /// has no provinces yet: the commune written as those versions wrote it (its `provinceId` is 0).
    init(beforeProvincesIn ledger: Ledger) async throws {
        let now = Date()
        let id = try await communeBeforeProvinces(in: ledger, province: "Hà Nội", at: now)
        commune = Commune(id: id, name: "Phường Điện Biên", province: "Hà Nội", provinceId: 0, createdAt: now)
        market = try await ledger.createUnit(NewCommuneUnit(kind: .market, name: "Chợ Điện Biên", communeId: commune.id))
    }
}

/// Phường Điện Biên of `province` written as a server before migration 15 wrote it (no province
/// row): for tests of earlier migrations, run on a database migrated only that far. Its id.
func communeBeforeProvinces(in ledger: Ledger, province: String, at now: Date = Date()) async throws -> Int64 {
    let id = try await ledger.backend.withDatabase(logger: .quiet) { database in
        try await database.insert(into: "communes").columns("name", "province", "search", "province_key", "created_at")
            .values(SQLBind("Phường Điện Biên"), SQLBind(province), SQLBind("phuong dien bien"), SQLBind(searchKey(province)), SQLBind(now))
            .returning("id")
            .first(decodingColumn: "id", as: Int64.self)
    }
    return try #require(id)
}

/// A stall with a Vietcombank account, ready to be registered at `status`.
func newStall(_ stall: String, _ name: String = "Nguyễn Thị Hoà", status: EquipmentStatus = .hasAccount) -> NewVendor {
    NewVendor(
        stall: stall,
        name: name,
        phone: "0912345678",
        bankBin: "970436",
        account: "0011001234567",
        holder: "NGUYEN THI HOA",
        status: status
    )
}

/// A school in `commune` with three receipts (100.000 by QR, 50.000 in cash, 70.000 by transfer),
/// the cash one then replaced by 60.000 by QR: what stands is 230.000 without cash, in three
/// receipts. Sealed with a made-up seal (the totals do not read it).
@discardableResult
func schoolWithReplacedCash(in ledger: Ledger, commune: Int64) async throws -> CommuneUnit {
    let school = try await ledger.createUnit(NewCommuneUnit(kind: .school, name: "Trường", communeId: commune))
    let sealing = ReceiptSealing(kid: "0011223344556677", seal: "BL1:X", amountInWords: "—")
    for (amount, method) in [(100_000, Receipt.Method.qr), (50_000, .cash), (70_000, .transfer)] {
        _ = try await ledger.issueReceipt(
            NewReceipt(payerName: "An", feeType: "Học phí", amount: UInt64(amount), method: method),
            unitId: school.id,
            by: "k"
        ) { _ in sealing }
    }
    let cash = try #require(try await ledger.listReceipts(unit: school.id).items.first { $0.method == .cash })
    _ = try await ledger.supersedeReceipt(
        cash.id,
        .replace,
        with: NewReceipt(payerName: "An", feeType: "Học phí", amount: 60_000, method: .qr),
        by: "k"
    ) { _ in sealing }
    return school
}
