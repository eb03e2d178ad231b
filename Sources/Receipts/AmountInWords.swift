/// Amounts in Vietnamese words, as a receipt prints them ("bằng chữ"): "Một trăm linh năm nghìn đồng".
///
/// The formal accounting style: groups of three digits with `nghìn`, `triệu`, `tỷ` (and, above a
/// thousand tỷ, `nghìn tỷ`, `triệu tỷ`); a group of 000 is skipped; a group after the first reads
/// its empty hundreds as "không trăm" (4065 → "bốn nghìn không trăm sáu mươi lăm"); a zero tens
/// digit before a unit reads "linh" (or "lẻ"); 1 after a tens of 2 or more reads "mốt", 5 after
/// any tens reads "lăm", 4 after a tens of 2 or more reads "tư" (or "bốn").
public struct AmountInWords: Sendable, Hashable, Codable {
    /// The word for a zero tens digit before a unit: "linh" (the North) or "lẻ" (the South).
    public enum ZeroTens: String, Sendable, Hashable, Codable {
        case linh
        case le = "lẻ"
    }
    /// The word for a thousand: "nghìn" or "ngàn".
    public enum Thousand: String, Sendable, Hashable, Codable {
        case nghin = "nghìn"
        case ngan = "ngàn"
    }
    /// The spelling of a thousand million: "tỷ" or "tỉ".
    public enum Billion: String, Sendable, Hashable, Codable {
        case ty = "tỷ"
        case ti = "tỉ"
    }
    /// The word for 4 after a tens of 2 or more: "tư" or "bốn".
    public enum FourAfterTens: String, Sendable, Hashable, Codable {
        case tu = "tư"
        case bon = "bốn"
    }

    public var zeroTens: ZeroTens
    public var thousand: Thousand
    public var billion: Billion
    public var fourAfterTens: FourAfterTens
    /// Whether the first word starts with a capital letter.
    public var capitalised: Bool

    /// The receipt style by default: "linh", "nghìn", "tỷ", "tư", capitalised.
    public init(
        zeroTens: ZeroTens = .linh,
        thousand: Thousand = .nghin,
        billion: Billion = .ty,
        fourAfterTens: FourAfterTens = .tu,
        capitalised: Bool = true
    ) {
        self.zeroTens = zeroTens
        self.thousand = thousand
        self.billion = billion
        self.fourAfterTens = fourAfterTens
        self.capitalised = capitalised
    }

    /// The number in words, without a unit: 105000 → "Một trăm linh năm nghìn".
    public func words(_ number: UInt64) -> String {
        let text = number == 0 ? "không" : read(number, leading: true).joined(separator: " ")
        return capitalised ? text.prefix(1).uppercased() + text.dropFirst() : text
    }

    /// An amount of đồng as a receipt writes it: "Một trăm linh năm nghìn đồng", and with `chan`
    /// "… đồng chẵn" when the amount is a whole number of thousands (a round amount).
    public func dong(_ amount: UInt64, chan: Bool = false) -> String {
        words(amount) + " đồng" + (chan && amount > 0 && amount % 1000 == 0 ? " chẵn" : "")
    }

    private static let digits = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]

    /// The words of `number` (> 0). `leading` is false for what follows a higher part: its first
    /// group then reads its empty hundreds and tens ("không trăm linh một").
    private func read(_ number: UInt64, leading: Bool) -> [String] {
        if number >= 1_000_000_000 {
            let high = number / 1_000_000_000
            let low = number % 1_000_000_000
            var words = read(high, leading: leading) + [billion.rawValue]
            if low > 0 { words += read(low, leading: false) }
            return words
        }
        let groups = [number / 1_000_000, number / 1000 % 1000, number % 1000]
        let names = ["triệu", thousand.rawValue, ""]
        var words: [String] = []
        var first = leading
        for (group, name) in zip(groups, names) where group > 0 {
            words += three(Int(group), full: !first)
            if !name.isEmpty { words.append(name) }
            first = false
        }
        return words
    }

    /// One group of three digits (> 0). A `full` group reads its empty hundreds ("không trăm").
    private func three(_ group: Int, full: Bool) -> [String] {
        let hundreds = group / 100
        let tens = group / 10 % 10
        let units = group % 10
        var words: [String] = []
        let spoken = full || hundreds > 0
        if spoken { words += [Self.digits[hundreds], "trăm"] }
        switch tens {
        case 0:
            if units > 0 {
                if spoken { words.append(zeroTens.rawValue) }
                words.append(Self.digits[units])
            }
        case 1:
            words.append("mười")
            if units == 5 { words.append("lăm") } else if units > 0 { words.append(Self.digits[units]) }
        default:
            words += [Self.digits[tens], "mươi"]
            switch units {
            case 0: break
            case 1: words.append("mốt")
            case 4: words.append(fourAfterTens.rawValue)
            case 5: words.append("lăm")
            default: words.append(Self.digits[units])
            }
        }
        return words
    }
}
