/// How far a stall is on the way to taking payments by QR code. A stall moves forward through
/// these steps; the commune's criterion counts the stalls at ``qrDisplayed``.
public enum EquipmentStatus: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Visited by the market board; nothing set up yet.
    case surveyed
    /// The stall holder has a bank account that can receive transfers.
    case hasAccount = "has_account"
    /// A placard with the stall's code has been printed and handed over.
    case qrIssued = "qr_issued"
    /// The code is on display at the stall.
    case qrDisplayed = "qr_displayed"

    /// The words a market board uses.
    public var vietnamese: String {
        switch self {
        case .surveyed: "Đã khảo sát"
        case .hasAccount: "Có tài khoản"
        case .qrIssued: "Đã cấp mã QR"
        case .qrDisplayed: "Đang treo mã QR"
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The status a person wrote: its code (`qr_displayed`) or its Vietnamese words, in any case,
    /// with or without diacritics.
    public init?(written text: String) {
        let key = ColumnKey(text)
        guard
            let status = EquipmentStatus.allCases.first(where: {
                ColumnKey($0.rawValue) == key || ColumnKey($0.vietnamese) == key
            })
        else { return nil }
        self = status
    }
}
