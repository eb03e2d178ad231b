import Testing

@testable import Printing

@Suite("Amounts and stall order")
struct AmountAndOrderTests {
    @Test(
        "amounts group thousands with dots and end in đ",
        arguments: [
            (150_000, "150.000 đ"), (5_000, "5.000 đ"), (999, "999 đ"), (1_250_000, "1.250.000 đ"), (20_000_000_000, "20.000.000.000 đ"),
        ] as [(UInt64, String)]
    )
    func amountFormat(amount: UInt64, text: String) {
        #expect(Amount.formatted(amount) == text)
    }

    @Test("stall codes sort by the value of their numbers: Q2 before Q10")
    func naturalOrder() {
        let codes = ["Q10", "Q2", "q1", "A-12", "B1", "A-3", "Q02b", "Q2a", "10", "9"]
        #expect(codes.sorted(by: StallOrder.precedes) == ["9", "10", "A-3", "A-12", "B1", "q1", "Q2", "Q2a", "Q02b", "Q10"])
    }

    @Test("a sheet prints its placards in stall order, equal codes in the order given")
    func sheetOrder() {
        let placards = ["Q10", "Q2", "Q1", "Q2", "Q100"].enumerated().map { index, code in
            Placard(
                stallCode: code,
                holderName: "Người \(index)",
                bankShortName: "BIDV",
                account: "1",
                accountHolder: "X",
                payload: "P\(index)"
            )
        }
        let sorted = MarketSheet(market: "Chợ Điện Biên", placards: placards).sortedPlacards
        #expect(sorted.map(\.stallCode) == ["Q1", "Q2", "Q2", "Q10", "Q100"])
        #expect(sorted.map(\.payload) == ["P2", "P1", "P3", "P0", "P4"])
    }
}
