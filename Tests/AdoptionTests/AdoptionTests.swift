import Adoption
import Foundation
import Roster
import Testing

@Suite("The cashless criterion")
struct AdoptionTests {
    /// Chợ Điện Biên in the demo: 100 open stalls, 70 of them displaying their code.
    let dienBien = MarketAdoption(stalls: [.surveyed: 10, .hasAccount: 12, .qrIssued: 8, .qrDisplayed: 70])
    let targets = Targets(marketEquipped: 0.70, schoolsCollectByQR: 1.0, clinicsCollectByQR: 1.0, feesCashless: 0.7)

    @Test("Equipped share: stalls displaying their code ÷ open stalls, 70 of 100 = 0.70")
    func equippedShare() {
        #expect(dienBien.open == 100)
        #expect(dienBien.equipped == Share(70, of: 100))
        #expect(dienBien.equipped.value == 0.70)
        #expect(dienBien.label == "70/100 quầy — 70%")
    }

    @Test("The target is compared on the counts: 70 of 100 meets 0.70, 69 of 100 does not, 7 of 10 does")
    func targetOnCounts() {
        #expect(Share(70, of: 100).reaches(0.70))
        #expect(!Share(69, of: 100).reaches(0.70))
        #expect(Share(7, of: 10).reaches(0.7))
        #expect(!Share(2, of: 3).reaches(0.67))  // 0.666… is below 0.67
        #expect(!Share.empty.reaches(0))
    }

    @Test("A market without open stalls has no share and meets nothing")
    func emptyMarket() {
        let empty = MarketAdoption(stalls: [:])
        #expect(empty.equipped.value == nil)
        #expect(empty.label == "0/0 quầy — chưa có quầy")
    }

    @Test("Each market, schools, clinics and fees become criteria with value, target, met and their basis")
    func criteria() {
        let units = [
            UnitStanding(id: 1, kind: .market, name: "Chợ Điện Biên", collectsByQR: true, adoption: dienBien),
            UnitStanding(
                id: 2,
                kind: .market,
                name: "Chợ Nam Ngạn",
                collectsByQR: true,
                adoption: MarketAdoption(stalls: [.surveyed: 30, .qrDisplayed: 10])
            ),
            UnitStanding(id: 3, kind: .school, name: "Trường Tiểu học Điện Biên", collectsByQR: true),
            UnitStanding(id: 4, kind: .clinic, name: "Trạm Y tế phường Điện Biên", collectsByQR: false),
        ]
        let criteria = CashlessCriteria.evaluate(units: units, fees: Share(7_500_000, of: 10_000_000), targets: targets)
        #expect(
            criteria.map(\.id) == [
                "market_equipped", "market_equipped", "schools_collect_by_qr",
                "clinics_collect_by_qr", "fees_cashless",
            ]
        )
        #expect(criteria.map(\.met) == [true, false, true, false, true])
        #expect(criteria[0].title == "Chợ Điện Biên: quầy treo mã QR")
        #expect(criteria[0].computedFrom == "70 quầy treo mã QR / 100 quầy đang hoạt động")
        #expect(criteria[1].value == Share(10, of: 40))
        #expect(criteria[3].computedFrom == "0 cơ sở y tế có tài khoản thu qua mã QR / 1 cơ sở y tế")
    }

    @Test("A commune without schools or clinics gets no criterion for them")
    func noSchools() {
        let criteria = CashlessCriteria.evaluate(
            units: [UnitStanding(id: 1, kind: .market, name: "Chợ", collectsByQR: true, adoption: dienBien)],
            targets: targets
        )
        #expect(criteria.map(\.id) == ["market_equipped"])
    }

    @Test("Shares encode their counts and a rounded value; bad counts do not decode")
    func shareJSON() throws {
        let json = String(decoding: try JSONEncoder().encode(Share(2, of: 3)), as: UTF8.self)
        #expect(json.contains("\"value\":0.6667"))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Share.self, from: Data(#"{"numerator": 5, "denominator": 3}"#.utf8))
        }
    }

    @Test("The shipped default targets are shares, the market one is 0.70")
    func shippedTargets() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Config/criteria.json")
        let targets = try JSONDecoder().decode(Targets.self, from: Data(contentsOf: url))
        #expect(targets.marketEquipped == 0.70)
        #expect(targets.outOfRange.isEmpty)
    }
}
