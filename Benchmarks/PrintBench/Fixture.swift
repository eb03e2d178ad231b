import VietQR

/// Banks and stall holders' names for the 1,000-stall market.
enum BankDirectoryFixture {
    static let banks = [
        Bank(bin: "970436", shortName: "Vietcombank", name: "Ngân hàng TMCP Ngoại Thương Việt Nam"),
        Bank(bin: "970415", shortName: "VietinBank", name: "Ngân hàng TMCP Công thương Việt Nam"),
        Bank(bin: "970418", shortName: "BIDV", name: "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam"),
        Bank(bin: "970405", shortName: "Agribank", name: "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam"),
    ]
    static let families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ"]
    static let middles = ["Thị", "Văn", "Hữu", "Đức", "Ngọc", "Thanh", "Minh", "Thị Ngọc"]
    static let givens = ["Hoà", "Hương", "Tuyết", "Phượng", "Tùng", "Hằng", "Nguyệt", "Thủy", "Khánh", "Quỳnh", "Dũng"]

    /// A name such as "Trần Thị Ngọc Phượng", different for neighbouring stalls.
    static func person(_ index: Int) -> String {
        "\(families[index % families.count]) \(middles[(index / 3) % middles.count]) \(givens[(index * 7) % givens.count])"
    }
}
