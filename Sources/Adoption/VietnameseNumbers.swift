/// Numbers as a Vietnamese reader writes them, for every page and CSV meant for people: thousands
/// grouped with dots (`2.535.000 đ`), a decimal comma (`66,4%`). JSON keeps plain numbers.
public enum VietnameseNumber {
    /// `2535000` → "2.535.000"; negative numbers keep their sign: "-1.000".
    public static func grouped(_ number: Int64) -> String {
        if (-999...999).contains(number) { return String(number) }
        let digits = Array(String(number.magnitude))
        var grouped = number < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(".") }
            grouped.append(digit)
        }
        return grouped
    }

    /// `2535000` → "2.535.000 đ".
    public static func dong(_ amount: UInt64) -> String {
        grouped(Int64(clamping: amount)) + " đ"
    }

    /// A share to one decimal place, rounded half up, with a decimal comma: 664 of 1000 → "66,4%",
    /// 7 of 10 → "70,0%"; nil when there is nothing to count (0 of 0).
    public static func percent(_ share: Share) -> String? {
        guard share.denominator > 0 else { return nil }
        // Tenths of a percent, (n × 2000 + d) ÷ 2d, in full width: amounts in đồng may be large.
        let denominator = UInt(share.denominator)
        let (high, low) = UInt(share.numerator).multipliedFullWidth(by: 2000)
        let (sum, carry) = low.addingReportingOverflow(denominator)
        let (quotient, _) = (2 * denominator).dividingFullWidth((high + (carry ? 1 : 0), sum))
        return tenths(Int(quotient))
    }

    /// A fraction (0…1) to one decimal place of a percent: 0.664 → "66,4%".
    public static func percent(_ fraction: Double) -> String {
        tenths(Int((fraction * 1000).rounded()))
    }

    /// "66,4%" from 664.
    private static func tenths(_ tenths: Int) -> String {
        "\(grouped(Int64(tenths / 10))),\(abs(tenths % 10))%"
    }
}
