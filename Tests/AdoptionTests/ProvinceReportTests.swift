import Adoption
import Testing

@Suite("A province's report")
struct ProvinceReportTests {
    func criterion(_ id: String, met: Bool) -> Criterion {
        Criterion(id: id, title: id, unitId: nil, value: met ? Share(1, of: 1) : Share(0, of: 1), target: 0.7, met: met, computedFrom: "")
    }

    func commune(
        _ id: Int64,
        _ met: [Bool],
        equipped: Share = .empty,
        byCount: Share = .empty,
        byValue: Share = .empty
    ) -> CommuneTally {
        CommuneTally(
            communeId: id,
            name: "Xã \(id)",
            criteria: met.enumerated().map { criterion($0.offset == 0 ? "market_equipped" : "fees_cashless", met: $0.element) },
            equipped: equipped,
            cashlessByCount: byCount,
            cashlessByValue: byValue
        )
    }

    @Test("Communes meeting all criteria first, then more criteria met, then equipped share, then cashless share by value")
    func ranking() {
        let report = ProvinceReport(communes: [
            commune(1, [false, false], equipped: Share(9, of: 10)),
            commune(2, [true, false], equipped: Share(1, of: 10)),
            commune(3, [true, true], equipped: Share(7, of: 10)),
            commune(4, [true, false], equipped: Share(5, of: 10)),
            commune(5, [true, false], equipped: Share(5, of: 10), byValue: Share(1, of: 2)),
            commune(6, []),
            commune(7, [true, true], equipped: Share(8, of: 10)),
        ])
        #expect(report.communes.map(\.tally.communeId) == [7, 3, 5, 4, 2, 1, 6])
        #expect(report.communes.map(\.rank) == Array(1...7))
        #expect(report.meetingAll == Share(2, of: 7))
    }

    @Test("A commune with nothing to measure does not count as meeting all criteria")
    func nothingToMeasure() {
        #expect(!commune(1, []).meetsAll)
        #expect(commune(1, [true]).meetsAll)
        #expect(commune(1, [true, false]).meets("market_equipped") == true)
        #expect(commune(1, [true, false]).meets("fees_cashless") == false)
        #expect(commune(1, [true]).meets("clinics_collect_by_qr") == nil)
    }

    @Test("The province's shares are the sums of its communes' counts, not an average of their percents")
    func sums() {
        let report = ProvinceReport(communes: [
            commune(1, [true], equipped: Share(1, of: 1), byCount: Share(1, of: 4), byValue: Share(100, of: 1000)),
            commune(2, [false], equipped: Share(0, of: 99), byCount: .empty, byValue: Share(2_000_000, of: 2_000_000)),
        ])
        #expect(report.equipped == Share(1, of: 100))
        #expect(report.cashlessByCount == Share(1, of: 4))
        #expect(report.cashlessByValue == Share(2_000_100, of: 2_001_000))
    }

    @Test("Shares compare exactly on their counts; a share of nothing comes last")
    func compare() {
        #expect(Share(1, of: 3).compare(Share(333, of: 1000)) == 1)
        #expect(Share(2, of: 4).compare(Share(1, of: 2)) == 0)
        #expect(Share(0, of: 1).compare(.empty) == 1)
        #expect(Share.empty.compare(.empty) == 0)
        #expect(Share(Int.max - 1, of: Int.max).compare(Share(Int.max - 2, of: Int.max)) == 1)
    }

    @Test("A province's month is the sum of its communes' months")
    func history() {
        let month = { (equipped: Share, value: Share) in
            MonthShares(month: "2026-09", equipped: equipped, cashlessByCount: .empty, cashlessByValue: value)
        }
        let history = ProvinceHistory(
            months: ["2026-09"],
            communes: [
                CommuneHistory(communeId: 2, months: [month(Share(3, of: 4), Share(0, of: 0))]),
                CommuneHistory(communeId: 1, months: [month(Share(1, of: 6), Share(5, of: 10))]),
            ]
        )
        #expect(history.months == [month(Share(4, of: 10), Share(5, of: 10))])
        #expect(history.communes.map(\.communeId) == [1, 2])
    }
}
