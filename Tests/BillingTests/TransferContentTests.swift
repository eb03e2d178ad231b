import Billing
import Testing

@Suite("Finding bill codes in what bank apps do to the transfer content")
struct TransferContentTests {
    @Test(
        "Found in mangled contents",
        arguments: [
            ("MBVCB.1234567.HP26 7K3QX.NGUYEN THI HOA chuyen tien", "HP26 7K3QX"),
            ("IBFT HP267K3QX hoc phi", "HP26 7K3QX"),
            ("hp26 7k3qx", "HP26 7K3QX"),
            ("Thanh toán HP26-7K3QX", "HP26 7K3QX"),
            ("NGUYEN VAN A CHUYEN KHOAN HP26 7 K3QX", "HP26 7K3QX"),
            ("HP26 7K3QX Học phí tháng 9 - Lớp 5A", "HP26 7K3QX"),
            ("REM Tfr Ac: 1023456789 O@L_HP267K3QX_TRAN VAN BINH", "HP26 7K3QX"),
            ("TKThe :0011001800879, tu :VCB, HP26.7K3QX", "HP26 7K3QX"),
            ("CT tu 0351000123456 PHAM THI MAI toi 113366668888 VP26 9XA4M vien phi", "VP26 9XA4M"),
            ("Vp26 9xa4m - Bà Lê Thị Tư nộp viện phí", "VP26 9XA4M"),
            ("FT26273812345678 TT26 Q8RZ2 tien dien nuoc thang 11", "TT26 Q8RZ2"),
            ("020097042211021507092026 TT26Q8RZ2 GD 123456-090726 10:15:33", "TT26 Q8RZ2"),
            ("ND: hp26 7k3qx.", "HP26 7K3QX"),
            ("NOP HOC PHI CHO CON HP26 7K-3QX", "HP26 7K3QX"),
        ]
    )
    func found(_ content: String, _ code: String) {
        #expect(BillCode.codes(in: content).map(\.description) == [code])
    }

    @Test(
        "None in contents without a code",
        arguments: [
            "NGUYEN THI HOA chuyen tien",
            "MBVCB.3456789.012345.Chuyen tien hoc phi thang 9 cho chau",
            "Hoc phi thang 9 - Lop 5A",
            "IBFT Thanh toan tien dien thang 11 2026",
            "TT 2025 ABC tien nha",
            "HP2026 hoc ky 1 nam hoc 2026-2027",
            "VP 26 ABCDE vien phi",
            "CT DEN:0351000123456 TRAN VAN BA CK 500000 VND",
            "REM Tfr Ac: 1023456789 HPT26 GIAO HANG",
            "chuyen khoan HP26 7K3 tien sach",
            "HP26 7K3QO hoc phi",
            "TT26XYZ2234 THANH TOAN",
            "ABCHP267K3QX",
            "HP267K3QXNGUYEN",
            "",
        ]
    )
    func none(_ content: String) {
        #expect(BillCode.codes(in: content).isEmpty)
    }

    @Test("Each distinct code once, in order of appearance")
    func several() {
        let content = "VP26 9XA4M + HP26 7K3QX; hp267k3qx va VP26-9XA4M"
        #expect(BillCode.codes(in: content).map(\.description) == ["VP26 9XA4M", "HP26 7K3QX"])
    }

    @Test("A code is not spelled across a comma or a slash")
    func notAcrossPunctuation() {
        #expect(BillCode.codes(in: "HP26, 7K3QX").isEmpty)
        #expect(BillCode.codes(in: "HP26/7K3QX").isEmpty)
    }
}
