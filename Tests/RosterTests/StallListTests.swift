import Foundation
import Roster
import Rules
import Testing
import VietQR

@Suite("Reading a market's stall list (CSV)")
struct StallListTests {
    static let banks: BankDirectory = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Config/banks.json")
        return try! BankDirectory(json: Data(contentsOf: url))
    }()

    func read(_ text: String) throws(InvalidStallList) -> [StallEntry] {
        try StallList.read(text, banks: Self.banks)
    }

    @Test("Vietnamese headers, semicolons and a byte-order mark, as Excel saves them")
    func vietnameseExcel() throws {
        let text =
            "\u{FEFF}Quầy;Họ tên;Ngân hàng;Số tài khoản;Chủ tài khoản\r\n"
            + "Q12;Nguyễn Thị Hoà;Vietcombank;0011001800879;NGUYEN THI HOA\r\n"
            + "Q3;\"Trần Văn Đức; rau củ\";970415;113366668888;TRAN VAN DUC\r\n"
        let stalls = try read(text)
        #expect(stalls.map(\.stall) == ["Q12", "Q3"])
        #expect(stalls[0].name == "Nguyễn Thị Hoà")
        #expect(stalls[0].bank.bin == "970436")
        #expect(stalls[1].name == "Trần Văn Đức; rau củ")
        #expect(stalls[1].bank.shortName == "VietinBank")
        #expect(stalls[1].line == 3)
    }

    @Test("English headers in any order, commas, an optional status column")
    func englishHeaders() throws {
        let text = """
            holder,account,bank,name,stall,status,phone
            LE THI ANH,0123456789,MB,Lê Thị Ánh,A-01,qr_displayed,0912345678
            PHAM VAN BA,0987654321,970422,Phạm Văn Ba,A-02,Đã cấp mã QR,
            """
        let stalls = try read(text)
        #expect(stalls.map(\.status) == [.qrDisplayed, .qrIssued])
        #expect(stalls[0].phone == "0912345678")
        #expect(stalls[1].phone == nil)
    }

    @Test("Every bad row is reported with its line and column, and nothing is returned")
    func everyBadRow() {
        let text = """
            Quầy,Họ tên,Ngân hàng,Số tài khoản,Chủ tài khoản
            Q1,Nguyễn Văn An,VCB,0011001800879,NGUYEN VAN AN
            Q2,,Ngân hàng Mặt Trăng,12345,TRAN B
            Q1,Lê C,BVB,0011-0018,LE C
            Q4,Đỗ D,VCB,12345678901234567890,
            """
        #expect {
            try read(text)
        } throws: { error in
            let problems = (error as! InvalidStallList).problems.map(\.description)
            return problems == [
                "line 3, column 'Họ tên': the stall holder's name is empty",
                "line 3, column 'Ngân hàng': no bank is called 'Ngân hàng Mặt Trăng'; write its BIN or short name (`cashless banks` lists them)",
                "line 4, column 'Quầy': stall Q1 is already on line 2",
                "line 4, column 'Ngân hàng': 'BVB' names several banks (970438 BaoVietBank, 970454 VietCapitalBank); give the BIN",
                "line 5, column 'Chủ tài khoản': the account holder's name is empty",
                "line 5, column 'Số tài khoản': 20 characters; at most 19 fit",
            ]
        }
    }

    @Test("A header without a required column names what is missing and what it found")
    func missingColumn() {
        #expect {
            try read("Quầy,Họ tên,Số tài khoản\nQ1,An,123\n")
        } throws: { error in
            let problem = (error as! InvalidStallList).problems[0]
            return problem.line == 1 && problem.reason.contains("'bank' or 'ngân hàng'")
                && problem.reason.contains("'holder' or 'chủ tài khoản'") && problem.reason.contains("found: 'Quầy'")
        }
    }

    @Test("Quoted fields may hold line breaks, which a one-line name refuses; line numbers stay those of the file")
    func multilineField() throws {
        let text = "stall,name,bank,account,holder\nQ1,\"Nguyễn\nThị Hoà\",VCB,0011001800879,HOA\nQ2,Bình,VCB,0011001800880,\n"
        #expect {
            try read(text)
        } throws: { error in
            let problems = (error as! InvalidStallList).problems
            return problems.map(\.line) == [2, 4] && problems.map(\.code) == [.controlCharacter, .required]
                && problems.map(\.field) == ["name", "holder"]
        }
        let fixed = try read(text.replacingOccurrences(of: "Nguyễn\n", with: "Nguyễn ").replacingOccurrences(of: "880,\n", with: "880,BINH\n"))
        #expect(fixed.map(\.line) == [2, 3])
    }

    @Test("An unclosed quote is reported at the line it opens")
    func unclosedQuote() {
        #expect {
            try read("stall,name,bank,account,holder\nQ1,\"Nguyễn,VCB,1,HOA\n")
        } throws: { error in
            (error as! InvalidStallList).problems.map(\.line) == [2]
        }
    }

    @Test("The stall's code is a static VietQR with the stall code as store label")
    func payload() throws {
        let stall = try read("stall,name,bank,account,holder\nQ12,Nguyễn Thị Hoà,VCB,0011001800879,HOA\n")[0]
        let decoded = DecodedPayload(try stall.payload.encoded())
        #expect(decoded.isValid)
        #expect(decoded.initiation == .static)
        #expect(decoded.store == "Q12")
        #expect(decoded.merchantName == "Nguyen Thi Hoa")
    }

    @Test("A name too long for the 25 characters of tag 59 is left out of the code, not cut")
    func longName() throws {
        let stall = try read("stall,name,bank,account,holder\nQ2,\"Trần Văn Đức (rau củ, trái cây)\",VCB,0011001800879,DUC\n")[0]
        let decoded = DecodedPayload(try stall.payload.encoded())
        #expect(decoded.isValid)
        #expect(decoded.merchantName == nil)
        #expect(decoded.alternateLanguage == nil)
        #expect(decoded.store == "Q2")
    }

    @Test("A file of more than 20,000 rows is refused whole, naming the first line past the limit; 20,000 are read")
    func rowLimit() throws {
        let header = "Quầy,Họ tên,Ngân hàng,Số tài khoản,Chủ tài khoản\n"
        func file(_ rows: Int) -> String {
            header + (0..<rows).map { "Q\($0),Người bán \($0),VCB,00110018\(10_000 + $0 % 80_000),NGUOI BAN\n" }.joined()
        }
        #expect(try read(file(20_000)).count == 20_000)
        #expect {
            try read(file(20_001))
        } throws: { error in
            let problem = (error as? InvalidStallList)?.problems.first
            return problem?.line == 20_002 && problem?.code == .tooLong && problem?.field == FieldProblem.wholeFile
        }
    }
}
