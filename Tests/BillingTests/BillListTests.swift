import Billing
import Testing

@Suite("Reading a class's or a clinic's bill list (CSV)")
struct BillListTests {
    @Test("Vietnamese headers, semicolons and a byte-order mark, as Excel saves them")
    func vietnameseExcel() throws {
        let text =
            "\u{FEFF}STT;Họ và tên;Mã HS;Lớp;Khoản thu;Số tiền;Hạn nộp\r\n"
            + "1;Nguyễn Thị Hoà;HS0512;5A;Học phí tháng 9;1.250.000;30/09/2026\r\n"
            + "2;Trần Văn Đức;HS0513;5A;\"Tiền ăn; bán trú\";850.000 đ;5/10/2026\r\n"
            + ";;;;;;\r\n"
            + "3;Lê Minh Anh;;5B;Bảo hiểm y tế;1 250 000 VND;2026-10-15\r\n"
        let bills = try BillList.read(text)
        #expect(bills.count == 3)
        #expect(
            bills[0]
                == BillEntry(
                    line: 2,
                    payerName: "Nguyễn Thị Hoà",
                    payerReference: "HS0512 5A",
                    feeType: "Học phí tháng 9",
                    amount: 1_250_000,
                    dueDate: BillDate(year: 2026, month: 9, day: 30)
                )
        )
        #expect(bills[1].feeType == "Tiền ăn; bán trú")
        #expect(bills[1].amount == 850_000)
        #expect(bills[1].dueDate?.iso == "2026-10-05")
        #expect(bills[2].line == 5)
        #expect(bills[2].payerReference == "5B")
        #expect(bills[2].amount == 1_250_000)
        #expect(bills[2].dueDate?.vietnamese == "15/10/2026")
    }

    @Test("English headers in any order, commas, no class or due date")
    func englishHeaders() throws {
        let text = """
            Amount,Fee type,Reference,Payer
            "1,250,000",Tuition September,HS0512,Nguyen Thi Hoa
            46500đồng,Khám bệnh,BN-2026-0042,Phạm Văn Ba
            150000,Đồng phục,,Đỗ Thu Trang
            """
        let bills = try BillList.read(text)
        #expect(bills.map(\.amount) == [1_250_000, 46_500, 150_000])
        #expect(bills.map(\.payerReference) == ["HS0512", "BN-2026-0042", nil])
        #expect(bills.allSatisfy { $0.dueDate == nil })
    }

    @Test("A clinic's list: patient, patient code, fee in the content column")
    func clinic() throws {
        let text = "Bệnh nhân,Mã bệnh nhân,Nội dung,Thành tiền,Hạn\nLê Thị Tư,BN0042,Viện phí đợt 1,\"2.345.000\",31/12/2026\n"
        let bills = try BillList.read(text)
        #expect(
            bills == [
                BillEntry(
                    line: 2,
                    payerName: "Lê Thị Tư",
                    payerReference: "BN0042",
                    feeType: "Viện phí đợt 1",
                    amount: 2_345_000,
                    dueDate: BillDate(year: 2026, month: 12, day: 31)
                )
            ]
        )
    }

    @Test("Every bad row is reported with its line and column, and nothing is returned")
    func everyBadRow() {
        let text = """
            Họ tên,Mã HS,Khoản thu,Số tiền,Hạn nộp
            Nguyễn Văn An,HS01,Học phí,1.250.000,30/09/2026
            ,HS02,Học phí,"1.250.000,50",31/09/2026
            Trần Thị Bích,HS03,,-500.000,29/02/2026
            Lê Văn Cường,HS04,Học phí,0,2026-9-30
            Phạm Thị Dung,HS05,Học phí,12345678901234,
            Hoàng Văn Em,HS06,Học phí,12.50,ngày mai
            Vũ Thị Phương,HS07,Học phí,,
            Đặng Văn Giang,HS08,Học phí,1.25.000,29/02/2028
            """
        #expect {
            try BillList.read(text)
        } throws: { error in
            guard let error = error as? InvalidBillList else { return false }
            #expect(
                error.problems.map(\.description) == [
                    "line 3, column 'Họ tên': the payer's name is empty",
                    "line 3, column 'Số tiền': '1.250.000,50' has decimals; amounts are whole đồng, such as 1.250.000",
                    "line 3, column 'Hạn nộp': '31/09/2026' is not a date; write dd/mm/yyyy, such as 30/09/2026, or 2026-09-30",
                    "line 4, column 'Khoản thu': the fee is empty",
                    "line 4, column 'Số tiền': '-500.000' is negative; write the amount in whole đồng, such as 1.250.000",
                    "line 4, column 'Hạn nộp': '29/02/2026' is not a date; write dd/mm/yyyy, such as 30/09/2026, or 2026-09-30",
                    "line 5, column 'Số tiền': the amount is zero",
                    "line 5, column 'Hạn nộp': '2026-9-30' is not a date; write dd/mm/yyyy, such as 30/09/2026, or 2026-09-30",
                    "line 6, column 'Số tiền': '12345678901234' is more than 9.999.999.999.999 đồng, the most a payment code carries",
                    "line 7, column 'Số tiền': '12.50' has decimals; amounts are whole đồng, such as 1.250.000",
                    "line 7, column 'Hạn nộp': 'ngày mai' is not a date; write dd/mm/yyyy, such as 30/09/2026, or 2026-09-30",
                    "line 8, column 'Số tiền': the amount is empty",
                    "line 9, column 'Số tiền': '1.25.000' is not grouped in thousands; write 1.250.000, 1,250,000 or 1250000",
                ]
            )
            #expect(error.description.split(separator: "\n").count == 13)
            #expect(
                error.problems.filter { $0.field == "amount" }.map(\.code) == [
                    .amountDecimals, .amountNegative, .amountZero, .amountTooLarge, .amountDecimals, .required, .amountNotGrouped,
                ]
            )
            return true
        }
    }

    @Test("A header without the required columns, an empty list, an unclosed quote")
    func wholeFile() {
        func problems(_ text: String) -> [String] {
            do {
                _ = try BillList.read(text)
                return []
            } catch {
                return error.problems.map(\.description)
            }
        }
        #expect(
            problems("Họ tên,Lớp,Hạn nộp\nNguyễn Văn An,5A,30/09/2026\n") == [
                "line 1: the header has no column for 'fee' or 'khoản thu', 'amount' or 'số tiền' (found: 'Họ tên', 'Lớp', 'Hạn nộp')"
            ]
        )
        #expect(problems("Họ tên;Khoản thu;Số tiền\r\n;;\r\n") == ["line 2: the list has no bills"])
        #expect(
            problems("") == [
                "line 1: the header has no column for 'payer' or 'họ tên', 'fee' or 'khoản thu', 'amount' or 'số tiền' (found: )"
            ]
        )
        #expect(problems("Họ tên,Khoản thu,Số tiền\nAn,\"Học phí,1000\n") == ["line 2: a quoted field is never closed (a missing '\"')"])
    }

    @Test(
        "Amounts in whole đồng",
        arguments: [
            ("1.250.000", 1_250_000), ("1,250,000", 1_250_000), ("1250000", 1_250_000), ("1 250 000", 1_250_000),
            ("1.250.000đ", 1_250_000), ("1.250.000 VND", 1_250_000), ("1.250.000 vnđ", 1_250_000),
            ("850.000 đồng", 850_000), ("46500₫", 46_500), ("9999999999999", 9_999_999_999_999), ("1.000", 1_000),
        ] as [(String, UInt64)]
    )
    func amounts(_ written: String, _ amount: UInt64) throws {
        let bills = try BillList.read("payer,fee,amount\nAn,Học phí,\"\(written)\"\n")
        #expect(bills.map(\.amount) == [amount])
    }

    @Test(
        "Due dates",
        arguments: [
            ("30/09/2026", "2026-09-30"), ("3/9/2026", "2026-09-03"), ("2026-09-30", "2026-09-30"),
            ("29/02/2028", "2028-02-29"), ("31/12/2026", "2026-12-31"),
        ]
    )
    func dates(_ written: String, _ iso: String) throws {
        #expect(BillDate(written)?.iso == iso)
    }

    @Test(
        "Not dates",
        arguments: [
            "29/02/2026", "31/04/2026", "0/1/2026", "1/13/2026", "30/09/26", "2026/09/30",
            "2026-9-30", "30-09-2026", "30/09/0026", "30/09/2026 10:00", "", "ba mươi tháng chín",
        ]
    )
    func notDates(_ written: String) {
        #expect(BillDate(written) == nil)
    }

    @Test("Dates order by day")
    func order() throws {
        let dates = try ["2026-10-01", "30/09/2026", "1/1/2027", "2026-09-05"].map { try #require(BillDate($0)) }
        #expect(dates.sorted().map(\.description) == ["2026-09-05", "2026-09-30", "2026-10-01", "2027-01-01"])
    }
}

@Suite("Class lists: the payer reference")
struct BillListReferenceTests {
    @Test("a pupil's code and class that together pass 40 characters are refused at the code's column")
    func referenceWithClass() {
        let text = "Họ tên,Mã HS,Lớp,Khoản thu,Số tiền\nAn,\(String(repeating: "H", count: 30)),\(String(repeating: "5", count: 15)),Học phí,100000\n"
        #expect {
            try BillList.read(text)
        } throws: { error in
            let problems = (error as? InvalidBillList)?.problems ?? []
            return problems.map(\.column) == ["Mã HS"] && problems.map(\.code) == [.tooLong] && problems.map(\.line) == [2]
        }
    }
}
