import Adoption
import Testing

@Suite("Numbers written the Vietnamese way")
struct VietnameseNumberTests {
    @Test("Amounts in đồng: thousands grouped with dots, then \" đ\"")
    func dong() {
        #expect(VietnameseNumber.dong(2_535_000) == "2.535.000 đ")
        #expect(VietnameseNumber.dong(0) == "0 đ")
        #expect(VietnameseNumber.dong(999) == "999 đ")
        #expect(VietnameseNumber.dong(1000) == "1.000 đ")
        #expect(VietnameseNumber.dong(9_999_999_999_999) == "9.999.999.999.999 đ")
        #expect(VietnameseNumber.grouped(-1_250_000) == "-1.250.000")
    }

    @Test("Shares as percents with one decimal and a decimal comma, rounded half up")
    func percent() {
        #expect(VietnameseNumber.percent(Share(664, of: 1000)) == "66,4%")
        #expect(VietnameseNumber.percent(Share(7, of: 10)) == "70,0%")
        #expect(VietnameseNumber.percent(Share(2, of: 3)) == "66,7%")
        #expect(VietnameseNumber.percent(Share(1, of: 3)) == "33,3%")
        #expect(VietnameseNumber.percent(Share(1, of: 2000)) == "0,1%", "0,05% rounds half up")
        #expect(VietnameseNumber.percent(Share(1, of: 2001)) == "0,0%")
        #expect(VietnameseNumber.percent(Share(5, of: 5)) == "100,0%")
        #expect(VietnameseNumber.percent(Share.empty) == nil, "0 of 0 is no share at all")
        #expect(VietnameseNumber.percent(0.7) == "70,0%")
        #expect(VietnameseNumber.percent(0.6644) == "66,4%")
    }

    @Test("Shares of amounts too large to multiply in 64 bits are still exact")
    func largeAmounts() {
        let whole = Int.max / 3
        #expect(VietnameseNumber.percent(Share(whole / 2, of: whole)) == "50,0%")
        #expect(VietnameseNumber.percent(Share(2_535_000_000_000, of: 3_815_000_000_000)) == "66,4%")
    }
}
