import Billing
import Testing

@Suite("Matching a bank transfer with the unit's open bills")
struct TransferMatcherTests {
    static let bills = [
        OpenBill(id: 101, code: BillCode("HP26 7K3QX")!, amountDue: 1_250_000),
        OpenBill(id: 102, code: BillCode("HP26 M4N8R")!, amountDue: 850_000),
        OpenBill(id: 103, code: BillCode("VP26 9XA4M")!, amountDue: 46_500),
    ]

    func match(_ content: String, _ amount: UInt64) -> TransferMatch {
        TransferMatcher.match(content: content, amount: amount, bills: Self.bills)
    }

    @Test("Paid, short or over, wherever the code stands")
    func amounts() {
        #expect(match("MBVCB.1234567.HP26 7K3QX.NGUYEN THI HOA chuyen tien", 1_250_000) == .paid(billId: 101))
        #expect(match("IBFT hp26m4n8r hoc phi", 500_000) == .partial(billId: 102, short: 350_000))
        #expect(match("Vien phi VP26-9XA4M", 50_000) == .excess(billId: 103, over: 3_500))
    }

    @Test("No code, or a code of no open bill: unmatched, said so in Vietnamese and English")
    func unmatched() {
        #expect(
            match("NGUYEN THI HOA chuyen tien hoc phi", 1_250_000)
                == .unmatched(reason: "không có mã phiếu thu trong nội dung chuyển khoản (no bill code in the content)")
        )
        guard case .unmatched(let reason) = match("HP26 ZZZZZ hoc phi", 1_250_000) else {
            Issue.record("a code of no open bill matched")
            return
        }
        #expect(reason.contains("HP26 ZZZZZ"))
        #expect(reason.contains("no open bill"))
        #expect(
            TransferMatcher.match(content: "HP26 7K3QX", amount: 1_250_000, bills: [])
                == .unmatched(reason: "mã HP26 7K3QX không thuộc phiếu thu nào đang chờ nộp (HP26 7K3QX: no open bill has this code)")
        )
    }

    @Test("Two known codes: ambiguous; a known and an unknown one: the known one")
    func ambiguous() {
        #expect(match("HP26 M4N8R va HP26 7K3QX", 2_100_000) == .ambiguous(billIds: [102, 101]))
        #expect(match("HP26 ZZZZZ HP26 7K3QX", 1_250_000) == .paid(billId: 101))
        #expect(match("HP26 7K3QX hp267k3qx", 1_250_000) == .paid(billId: 101))
        let twice = Self.bills + [OpenBill(id: 104, code: BillCode("HP26 7K3QX")!, amountDue: 1_250_000)]
        #expect(TransferMatcher.match(content: "HP26 7K3QX", amount: 1_250_000, bills: twice) == .ambiguous(billIds: [101, 104]))
    }
}
