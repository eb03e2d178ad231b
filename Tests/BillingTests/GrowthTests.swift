import Billing
import Growth
import Testing

@Suite("Reading bill lists and statements takes time linear in their length")
struct BillingGrowthTests {
    @Test("a bill list of many bills, and one whose field holds many spaces and quotes")
    func billList() {
        func file(_ count: Int) -> String {
            "Họ và tên,Mã HS,Lớp,Khoản thu,Số tiền\n" + Growth.repeated("Nguyễn Văn An,HS0512,5A,Học phí tháng 9,150.000\n", count)
        }
        let ratio = Growth.ratio(small: file(100), large: file(800)) { text in
            #expect((try? BillList.read(text))?.count ?? 0 > 0)
        }
        #expect(ratio < Growth.limit)
        func quoted(_ count: Int) -> String {
            "payer,fee,amount\n" + Growth.repeated(" ", count) + "An" + Growth.repeated("\"", count) + ",Học phí,1000\n"
        }
        let quotes = Growth.ratio(small: quoted(1_000), large: quoted(8_000)) { text in _ = try? BillList.read(text) }
        #expect(quotes < Growth.limit)
    }

    @Test("a statement of many lines, and one whose field holds many spaces and quotes")
    func statement() {
        func file(_ count: Int) -> String {
            var text = "reference,date,credit,description\n"
            for index in 0..<count { text += "FT\(100_000 + index),30/09/2026,150.000,HP5A123 Nguyen Van An\n" }
            return text
        }
        let ratio = Growth.ratio(small: file(100), large: file(800)) { text in
            #expect((try? BankStatement.read(text))?.count ?? 0 > 0)
        }
        #expect(ratio < Growth.limit)
        func quoted(_ count: Int) -> String {
            "reference,date,credit,description\n" + Growth.repeated(" ", count) + "FT1" + Growth.repeated("\"", count) + ",30/09/2026,1000,x\n"
        }
        let quotes = Growth.ratio(small: quoted(1_000), large: quoted(8_000)) { text in _ = try? BankStatement.read(text) }
        #expect(quotes < Growth.limit)
    }
}
