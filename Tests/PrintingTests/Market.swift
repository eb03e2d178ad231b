import Printing
import VietQR

/// Realistic stall holders of a Vietnamese market, made the way the market board makes them:
/// a static VietQR code per stall, the holder's name with its diacritics on the placard.
enum Market {
    /// Banks stall holders use, with their real BINs.
    static let banks = [
        Bank(bin: "970436", shortName: "Vietcombank", name: "Ngân hàng TMCP Ngoại Thương Việt Nam"),
        Bank(bin: "970415", shortName: "VietinBank", name: "Ngân hàng TMCP Công thương Việt Nam"),
        Bank(bin: "970418", shortName: "BIDV", name: "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam"),
        Bank(bin: "970405", shortName: "Agribank", name: "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam"),
        Bank(bin: "970407", shortName: "Techcombank", name: "Ngân hàng TMCP Kỹ thương Việt Nam"),
        Bank(bin: "970422", shortName: "MBBank", name: "Ngân hàng TMCP Quân đội"),
        Bank(bin: "970403", shortName: "Sacombank", name: "Ngân hàng TMCP Sài Gòn Thương Tín"),
        Bank(bin: "970416", shortName: "ACB", name: "Ngân hàng TMCP Á Châu"),
    ]

    static let families = [
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
        "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
    ]
    static let middles = [
        "Thị", "Văn", "Hữu", "Đức", "Ngọc", "Thanh", "Minh", "Quang", "Xuân", "Thu",
        "Thị Ngọc", "Thị Thanh", "Văn Quốc",
    ]
    static let givens = [
        "Hoà", "Hương", "Tuyết", "Phượng", "Đức", "Tùng", "Hằng", "Nguyệt", "Thủy", "Khánh",
        "Yến", "Ánh", "Quỳnh", "Trường", "Dũng", "Lượng", "Huệ", "Nghĩa", "Thắm", "Ất",
    ]
    static let trades = [
        "Sạp rau củ quả tươi Đà Lạt", "Hàng khô, gia vị & đồ nhúng lẩu", "Quầy thịt heo sạch Ba Huân",
        "Bún bò Huế – Cô Ba", "Vải vóc, may đo áo dài cưới hỏi", "Cá đồng, tôm sông, cua đồng Cà Mau",
        "Trái cây nhập khẩu và đặc sản miền Tây", "Đồ khô, mắm tôm, nước mắm Phú Quốc",
    ]

    /// Stall `index` (from 0): code Q1, Q2, …; a long name with the trade for every third stall.
    static func placard(_ index: Int, longNames: Bool = false) -> Placard {
        let family = families[index % families.count]
        let middle = middles[(index / 3) % middles.count]
        let given = givens[(index * 7) % givens.count]
        let person = "\(family) \(middle) \(given)"
        let holderName = longNames || index % 3 == 0 ? "\(person) – \(trades[index % trades.count])" : person
        let bank = banks[index % banks.count]
        let account = String(1_000_000_000 + index * 7_919)
        let accountHolder = ASCIIFolding.fold(person).uppercased()
        let stall = "Q\(index + 1)"
        let payload = Payload(
            bankBIN: bank.bin,
            account: account,
            merchantName: accountHolder,
            store: stall,
            alternateLanguage: .init(name: person)
        )
        return try! Placard(
            stallCode: stall,
            holderName: holderName,
            accountHolder: accountHolder,
            bank: bank,
            payload: payload
        )
    }

    /// `count` stalls, shuffled (deterministically) so that sheets have to sort them.
    static func stalls(_ count: Int, longNames: Bool = false) -> [Placard] {
        let placards = (0..<count).map { placard($0, longNames: longNames) }
        return placards.enumerated().sorted { ($0.offset * 7_919) % count < ($1.offset * 7_919) % count }.map(\.element)
    }

    /// The stall of the README: Nguyễn Thị Hoà at Vietcombank.
    static let hoa = try! Placard(
        stallCode: "Q12",
        holderName: "Nguyễn Thị Hoà – Quầy 12",
        accountHolder: "NGUYEN THI HOA",
        bank: banks[0],
        payload: Payload(bankBIN: "970436", account: "0011001800879", merchantName: "Nguyễn Thị Hoà – Quầy 12", store: "Q12")
    )
}
