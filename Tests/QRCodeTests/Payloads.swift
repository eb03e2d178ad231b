import VietQR

/// Real payment codes, made by the VietQR codec as the market board and a school would make them.
enum Payloads {
    /// A stall's static code whose tag 64 keeps the holder's name in Vietnamese, as UTF-8.
    static let stall = try! Payload(
        bankBIN: "970436",
        account: "0011001800879",
        merchantName: "Nguyễn Thị Hoà – Quầy 12",
        store: "Q12"
    ).encoded()

    /// A school fee: a dynamic code with an amount and the transfer content.
    static let schoolFee = try! Payload(
        bankBIN: "970415",
        account: "113366668888",
        amount: 150_000,
        purpose: "Học phí tháng 9 - Lớp 5A"
    ).encoded()

    /// Both, for tests that run over each.
    static let all = [stall, schoolFee]
}
