import Billing
import Testing
import VietQR

@Suite("A bill's VietQR")
struct BillPayloadTests {
    @Test("one payment of the amount, the bill's code as transfer content and bill number; a holder name too long is left out")
    func billPayload() throws {
        let code = try #require(BillCode("HP26 7K3QX"))
        let text = try Payload.bill(code, amount: 1_250_000, holder: "TRUONG TIEU HOC DIEN BIEN", bankBIN: "970436", account: "0011001234567")
            .encoded()
        let decoded = DecodedPayload(text)
        #expect(decoded.isValid)
        #expect(decoded.initiation == .dynamic && decoded.amount == 1_250_000)
        #expect(decoded.purpose.map(String.init) == "HP26 7K3QX" && decoded.billNumber.map(String.init) == "HP267K3QX")
        #expect(decoded.merchantName.map(String.init) == "TRUONG TIEU HOC DIEN BIEN")
        let long = try Payload.bill(code, amount: 1_000, holder: "TRUONG TRUNG HOC CO SO DIEN BIEN PHU", bankBIN: "970436", account: "0011001234567")
            .encoded()
        #expect(DecodedPayload(long).isValid && DecodedPayload(long).merchantName == nil)
    }
}
