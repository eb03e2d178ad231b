import Billing
import Testing

@Suite("Reading a bank statement export (CSV)")
struct BankStatementTests {
    @Test("A Vietcombank-style export: money out skipped, dates with times, amounts with .00")
    func vietcombank() throws {
        let text =
            "\u{FEFF}STT;Ngày giao dịch;Số tham chiếu;Số tiền ghi nợ;Số tiền ghi có;Số dư;Diễn giải\r\n"
            + "1;29/09/2026 08:15:02;5213IBT1a2b3c4d;;1.250.000;101.250.000;MBVCB.1234567.HP26 7K3QX.NGUYEN THI HOA chuyen tien\r\n"
            + "2;29/09/2026 09:40:11;5213IBT1a2b3c5e;300.000;;100.950.000;Chuyen tien mua van phong pham\r\n"
            + "3;30/09/2026 14:05;FT26273812345678;0;850.000,00;101.800.000;IBFT hp26m4n8r hoc phi\r\n"
            + "4;30/09/2026;FT26273812349999;-;46500;101.846.500;\r\n"
        let lines = try BankStatement.read(text)
        #expect(lines.map(\.line) == [2, 4, 5])
        #expect(
            lines[0]
                == StatementLine(
                    line: 2,
                    transactionId: "5213IBT1a2b3c4d",
                    date: BillDate(year: 2026, month: 9, day: 29)!,
                    time: "08:15:02",
                    amount: 1_250_000,
                    content: "MBVCB.1234567.HP26 7K3QX.NGUYEN THI HOA chuyen tien"
                )
        )
        #expect(lines[1].time == "14:05:00")
        #expect(lines[1].amount == 850_000)
        #expect(lines[2].time == nil)
        #expect(lines[2].content == "")
        #expect(lines.allSatisfy { $0.payerName == nil })
    }

    @Test("English headers, a single signed amount column, a payer column, ISO date-times")
    func signedAmounts() throws {
        let text = """
            Transaction ID,Date,Amount,Description,Payer
            8801234,2026-09-29 08:15:02,"1,250,000.00",HP26 7K3QX Hoc phi thang 9,NGUYEN THI HOA
            8801235,2026-09-29 10:00:00,"-300,000.00",PHI DICH VU SMS,
            8801236,2026-09-30,1250000,Vp26 9xa4m vien phi,TRAN VAN BA
            8801238,2026-09-30,(15.000),PHI QUAN LY TAI KHOAN,
            8801237,2026-09-30T16:45:30,1 000 000 VND,Thanh toán HP26-Q8RZ2,
            """
        let lines = try BankStatement.read(text)
        #expect(lines.map(\.transactionId) == ["8801234", "8801236", "8801237"])
        #expect(lines.map(\.amount) == [1_250_000, 1_250_000, 1_000_000])
        #expect(lines.map(\.payerName) == ["NGUYEN THI HOA", "TRAN VAN BA", nil])
        #expect(lines[2].time == "16:45:30")
        #expect(lines.map { BillCode.codes(in: $0.content).map(\.description) } == [["HP26 7K3QX"], ["VP26 9XA4M"], ["HP26 Q8RZ2"]])
    }

    @Test(
        "Amounts as exports write them",
        arguments: [
            ("1.250.000", 1_250_000), ("1,250,000", 1_250_000), ("1250000", 1_250_000), ("1 250 000", 1_250_000),
            ("1,250,000.00", 1_250_000), ("1.250.000,00", 1_250_000), ("1250000.00", 1_250_000), ("46.500 đ", 46_500),
            ("500000 VND", 500_000),
        ] as [(String, UInt64)]
    )
    func amounts(_ written: String, _ amount: UInt64) throws {
        let lines = try BankStatement.read("Mã giao dịch,Ngày,Ghi nợ,Ghi có,Nội dung\nFT1,01/10/2026,,\"\(written)\",HP26 7K3QX\n")
        #expect(lines.map(\.amount) == [amount])
    }

    @Test("Every bad row reported with line and column; duplicate transaction ids refused; nothing returned")
    func everyBadRow() {
        let text = """
            Số bút toán;Ngày hiệu lực;Nợ;Có;Mô tả;Tên người chuyển
            FT001;01/10/2026;;500.000;HP26 7K3QX;LE VAN AN
            FT002;01/10/2026;;850.000;HP26 M4N8R;PHAM THI BE
            FT001;02/10/2026;;500.000;HP26 7K3QX;LE VAN AN
            FT003;31/09/2026;;1.250.000,50;HP26 ZZZZZ;
            ;02/10/2026 25:00:00;;-46.500;VP26 9XA4M;
            FT005;;;0;TT26 Q8RZ2;
            FT006;03/10/2026;200.000;300.000;hoan tien;
            FT007;03/10/2026;;;chuyen tien;
            FT008;03/10/2026;150.000;;tra tien dien;
            """
        #expect {
            try BankStatement.read(text)
        } throws: { error in
            guard let error = error as? InvalidStatement else { return false }
            #expect(
                error.problems.map(\.description) == [
                    "line 4, column 'Số bút toán': transaction FT001 is already on line 2",
                    "line 5, column 'Ngày hiệu lực': '31/09/2026' is not a date; write dd/mm/yyyy, dd/mm/yyyy hh:mm:ss or yyyy-mm-dd",
                    "line 5, column 'Có': '1.250.000,50' has decimals; amounts are whole đồng, such as 1.250.000",
                    "line 6, column 'Số bút toán': the transaction id is empty",
                    "line 6, column 'Ngày hiệu lực': '02/10/2026 25:00:00' is not a date; write dd/mm/yyyy, dd/mm/yyyy hh:mm:ss or yyyy-mm-dd",
                    "line 6, column 'Có': '-46.500' is negative; write the amount in whole đồng, such as 1.250.000",
                    "line 7, column 'Ngày hiệu lực': the date is empty",
                    "line 7, column 'Có': the amount is zero",
                    "line 8, column 'Nợ': the row has both a debit and a credit",
                    "line 9, column 'Có': the credit amount is empty",
                ]
            )
            return true
        }
    }

    @Test("A header without the required columns, an export with no transactions")
    func wholeFile() {
        func problems(_ text: String) -> [String] {
            do {
                _ = try BankStatement.read(text)
                return []
            } catch {
                return error.problems.map(\.description)
            }
        }
        #expect(
            problems("Ngày giao dịch,Số tiền ghi có,Số dư\n01/10/2026,500000,1000000\n") == [
                "line 1: the header has no column for 'transaction id' or 'mã giao dịch', 'content' or 'nội dung' (found: 'Ngày giao dịch', 'Số tiền ghi có', 'Số dư')"
            ]
        )
        #expect(problems("Reference,Date,Credit,Content\n") == ["line 2: the statement has no transactions"])
    }

    @Test("Only money out: an empty list, not an error")
    func onlyDebits() throws {
        let text = "ref,date,debit,credit,content\nFT1,01/10/2026,300000,,phi SMS\nFT2,01/10/2026,\"1,000\",0,phi chuyen khoan\n"
        #expect(try BankStatement.read(text).isEmpty)
    }
}
