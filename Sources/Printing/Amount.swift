/// Amounts in đồng as Vietnamese print them: thousands grouped with dots, then "đ".
public enum Amount {
    /// `150000` → "150.000 đ".
    public static func formatted(_ amount: UInt64) -> String {
        let digits = Array(String(amount))
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(".") }
            grouped.append(digit)
        }
        return grouped + " đ"
    }
}
