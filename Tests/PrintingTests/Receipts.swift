import Foundation
import Printing
import VietQR

/// Realistic receipts and bill slips of a school: seals made the way the Receipts module makes
/// them (`BL1:` and the Base45 text of about 170 bytes, COSE and its signature), here from
/// pseudo-random bytes, since printing does not read them.
enum Receipts {
    /// Base45 (RFC 9285) of `bytes`: two bytes make three characters, a last odd byte two.
    static func base45(_ bytes: [UInt8]) -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
        var text = ""
        var index = 0
        while index < bytes.count {
            if index + 1 < bytes.count {
                var value = Int(bytes[index]) * 256 + Int(bytes[index + 1])
                for _ in 0..<3 {
                    text.append(alphabet[value % 45])
                    value /= 45
                }
                index += 2
            } else {
                var value = Int(bytes[index])
                for _ in 0..<2 {
                    text.append(alphabet[value % 45])
                    value /= 45
                }
                index += 1
            }
        }
        return text
    }

    /// A seal of `byteCount` pseudo-random bytes from `seed`: "BL1:" and Base45.
    static func seal(byteCount: Int = 169, seed: UInt64 = 1) -> String {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        let bytes = (0..<byteCount).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        // A COSE_Sign1 starts with its tag (18) and array header, as every real seal does.
        return "BL1:" + base45([0xD2, 0x84] + bytes)
    }

    /// 2 December 2026, 07:14 in Hà Nội (00:14 UTC).
    static let issuedAt = Date(timeIntervalSince1970: 1_796_170_440)

    /// A term's tuition at Trường Tiểu học Điện Biên, paid by QR transfer.
    static let tuition = ReceiptDocument(
        unitName: "Trường Tiểu học Điện Biên",
        unitTaxCode: "2801234567",
        unitAddress: "Số 12 phố Trường Thi, phường Điện Biên, tỉnh Thanh Hóa",
        unitBankAccount: "Vietcombank 0011001234567",
        formCode: "EBL01",
        series: "26T",
        number: 12,
        issuedAt: issuedAt,
        payerName: "Nguyễn Thị Ngọc Ánh",
        payerReference: "Mã HS: HS0123, lớp 5A",
        payerAddress: "Thôn Đông, xã Quảng Phú",
        feeType: "Học phí tháng 12/2026",
        lineItems: [
            .init(label: "Học phí tháng 12/2026", amount: 1_000_000),
            .init(label: "Tiền ăn bán trú tháng 12/2026", amount: 200_000),
            .init(label: "Nước uống", amount: 50_000),
        ],
        amount: 1_250_000,
        amountInWords: "Một triệu hai trăm năm mươi nghìn đồng",
        paymentMethod: "Chuyển khoản QR",
        billCode: "HP26 7K3QX",
        seal: seal(),
        verifyURL: "https://xacthuc.cashless.vn/r/26T-0000012"
    )

    /// The same receipt, replaced by a later one.
    static var replaced: ReceiptDocument {
        var receipt = tuition
        receipt.status = .replaced
        return receipt
    }

    /// Its replacement: number 13, with the note naming what it replaces.
    static var replacement: ReceiptDocument {
        var receipt = tuition
        receipt.number = 13
        receipt.seal = seal(byteCount: 190, seed: 2)
        receipt.note = "Thay thế cho biên lai mẫu số EBL01, ký hiệu 26T, số 0000012, ngày 01/12/2026"
        return receipt
    }

    static let longNames = [
        "Công ty TNHH Một Thành Viên Thương Mại Dịch Vụ Xuất Nhập Khẩu Nông Sản Thực Phẩm Sạch Đồng Bằng Sông Cửu Long",
        "Trường Trung học cơ sở và Trung học phổ thông Nguyễn Thị Minh Khai – Phân hiệu xã Quảng Phú, Thanh Hóa",
        String(repeating: "Nguyễn Thị Ngọc Phượng ", count: 12),
        "Bàthẩmđịnhviênngânhàngnôngnghiệpvàpháttriểnnôngthônviệtnamchinhánhthanhhoáquảngphúđiệnbiên",
    ]

    /// The receipt with every text long.
    static func long(_ name: String) -> ReceiptDocument {
        var receipt = replacement
        receipt.unitName = name
        receipt.payerName = name
        receipt.unitAddress = name + ", " + name
        receipt.payerAddress = name
        receipt.payerReference = String(name.prefix(60))
        receipt.unitBankAccount = "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam – Chi nhánh Thanh Hoá 0011001234567890"
        receipt.feeType = name
        receipt.lineItems = [.init(label: name, amount: 9_999_999_000), .init(label: "Nước uống", amount: 1_000)]
        receipt.amount = 10_000_000_000
        receipt.amountInWords = "Mười tỷ đồng chẵn, " + name
        receipt.paymentMethod = "Chuyển khoản QR qua ngân hàng " + name
        receipt.billCode = String(name.prefix(40))
        receipt.note = "Thay thế cho biên lai mẫu số EBL01, ký hiệu 26T, số 0000012, ngày 01/12/2026. " + name
        receipt.status = .adjusted
        receipt.seal = seal(byteCount: 200, seed: 3)
        receipt.verifyURL = "https://xacthuc.cashless.vn/r/" + String(repeating: "26T-0000013-", count: 8)
        return receipt
    }

    static let vietcombank = Bank(bin: "970436", shortName: "Vietcombank", name: "Ngân hàng TMCP Ngoại Thương Việt Nam")

    /// Pupil `index`'s tuition slip: a dynamic code with the amount and the bill code.
    static func slip(_ index: Int) -> BillSlip {
        let family = Market.families[index % Market.families.count]
        let given = Market.givens[(index * 7) % Market.givens.count]
        let amount = UInt64(1_000_000 + index * 50_000)
        let code = "HP26 \(String(index * 7_919 + 10_000, radix: 36).uppercased())"
        let payload = try! Payload(
            bankBIN: vietcombank.bin,
            account: "0011001234567",
            amount: amount,
            billNumber: code.replacingOccurrences(of: " ", with: ""),
            purpose: code
        ).encoded()
        return BillSlip(
            unitName: "Trường Tiểu học Điện Biên",
            payerName: "\(family) Thị \(given)",
            payerReference: "HS\(1000 + index) – Lớp 5A",
            feeType: "Học phí tháng 12/2026",
            amount: amount,
            dueDate: Date(timeIntervalSince1970: 1_797_267_600 + Double(index)),
            billCode: code,
            payload: payload,
            bankShortName: "Vietcombank",
            account: "0011001234567",
            accountHolder: "TRUONG TIEU HOC DIEN BIEN"
        )
    }
}
