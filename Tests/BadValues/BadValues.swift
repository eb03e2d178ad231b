/// The catalogue of bad values the door × value matrix sends through every door that takes
/// them: each value with the stable problem code every door must answer (the raw value of
/// `Rules.ProblemCode`), and for each kind a good twin that every door must take and store alike.
public enum BadValues {
    /// A bad value and the code it earns.
    public struct Case: Sendable, CustomStringConvertible {
        public var value: String
        public var code: String

        public init(_ value: String, _ code: String) {
            self.value = value
            self.code = code
        }

        /// The value with its invisible characters spelled out, for test names.
        public var description: String {
            let shown = value.unicodeScalars.map { scalar in
                scalar.isASCII && scalar.value >= 0x20 && scalar.value < 0x7F
                    ? String(scalar)
                    : scalar.properties.generalCategory == .nonspacingMark
                        ? "\\u{\(String(scalar.value, radix: 16))}"
                        : scalar.value > 0x7F && scalar.properties.isAlphabetic
                            ? String(scalar)
                            : "\\u{\(String(scalar.value, radix: 16))}"
            }.joined()
            return (shown.count > 40 ? String(shown.prefix(40)) + "…(\(value.unicodeScalars.count) scalars)" : shown) + " → " + code
        }
    }

    /// Amounts as people type them into a form, a CSV cell or `--amount`.
    public static let amounts: [Case] = [
        Case("150000.00", "amount_decimals"),
        Case("150000,5", "amount_decimals"),
        Case("1.250.000,50", "amount_decimals"),
        Case("12.50", "amount_decimals"),
        Case("-150000", "amount_negative"),
        Case("(150000)", "amount_negative"),
        Case("\u{2212}150000", "amount_negative"),
        Case("+150000", "not_an_amount"),
        Case("1e6", "not_an_amount"),
        Case("1.5E+5", "not_an_amount"),
        Case("１５００００", "not_an_amount"),
        Case("١٥٠٠٠٠", "not_an_amount"),
        Case("१५००००", "not_an_amount"),
        Case("0x10", "not_an_amount"),
        Case("một trăm nghìn", "not_an_amount"),
        Case("NaN", "not_an_amount"),
        Case("12345678901234", "amount_too_large"),
        Case("99999999999999999999999", "amount_too_large"),
        Case("0", "amount_zero"),
        Case("0 đ", "amount_zero"),
        Case("1.25.000", "amount_not_grouped"),
        Case("1,250.000", "amount_not_grouped"),
    ]

    /// Good twins of ``amounts``: every door reads each as 1250000.
    public static let goodAmounts = ["1.250.000", "1,250,000", "1250000 đ", "1 250 000", "1250000"]

    /// Account numbers at Vietcombank (970436) that VietQR cannot carry, or that break the text rule.
    public static let accounts: [Case] = [
        Case("0011 0018", "invalid_account"),
        Case("0011-0018", "invalid_account"),
        Case("+84912345678", "invalid_account"),
        Case("12345678901234567890", "invalid_account"),
        Case(String(repeating: "9", count: 29), "invalid_account"),
        Case("１２３４５６７８", "invalid_account"),
        Case("ACC_123", "invalid_account"),
        Case("số123456", "invalid_account"),
        Case("0011\u{0}0018", "control_character"),
        Case("0011001800879\u{202E}", "bidi_control"),
    ]

    /// A good account at Vietcombank.
    public static let goodAccount = "0011001800879"

    /// Names (a stall holder's, a payer's) that no door may store.
    public static let names: [Case] = [
        Case("Nguyễn\u{0}Thị Hoà", "control_character"),
        Case("Nguyễn\tThị Hoà", "control_character"),
        Case("Nguyễn\u{7}Hoà", "control_character"),
        Case("Nguyễn\u{85}Hoà", "control_character"),
        Case("Nguyễn\u{2028}Hoà", "control_character"),
        Case("Nguyễn\u{7F}Hoà", "control_character"),
        Case("\u{202E}àoH ịhT nễyugN", "bidi_control"),
        Case("Hoà \u{2066}Quầy 12\u{2069}", "bidi_control"),
        Case("Hoa\u{200F}", "bidi_control"),
        Case("H" + String(repeating: "\u{0301}", count: 300) + "oà", "combining_marks"),
        Case("Ho\u{0301}\u{0301}\u{0301}\u{0301}a", "combining_marks"),
        Case(String(repeating: "Nguyễn Thị Hoà ", count: 14), "too_long"),
        Case("   ", "required"),
    ]

    /// A good name: precomposed on the way in, stored in NFC.
    public static let goodName = "Nguye\u{0302}\u{0303}n Thị Hoà"
    public static let goodNameStored = "Nguyễn Thị Hoà"

    /// Banks that no door may resolve.
    public static let banks: [Case] = [
        Case("Ngân hàng Mặt Trăng", "unknown_bank"),
        Case("BVB", "ambiguous_bank"),
        Case("999999", "unknown_bank"),
        Case("VCB\u{0}", "control_character"),
    ]

    /// Due dates that are not real days.
    public static let dates: [Case] = [
        Case("31/09/2026", "invalid_date"),
        Case("29/02/2026", "invalid_date"),
        Case("2026-02-30", "invalid_date"),
        Case("32/01/2026", "invalid_date"),
        Case("00/01/2026", "invalid_date"),
        Case("2026-9-30", "invalid_date"),
        Case("30/09/0026", "invalid_date"),
        Case("ngày mai", "invalid_date"),
    ]

    /// Good twins of ``dates``: every door stores 2026-09-30.
    public static let goodDates = ["30/09/2026", "2026-09-30", "30/9/2026"]

    /// A payer's email addresses no door may store (a receipt sent there would go nowhere, or
    /// add a header).
    public static let emails: [Case] = [
        Case("an.nguyen", "invalid_email"),
        Case("an@", "invalid_email"),
        Case("an@truong", "invalid_email"),
        Case("an nguyen@truong.edu.vn", "invalid_email"),
        Case("an@@truong.edu.vn", "invalid_email"),
        Case("bình@truong.edu.vn", "invalid_email"),
        Case("an@truong.edu.vn\r\nBcc: x@thu.vn", "control_character"),
        Case(String(repeating: "a", count: 250) + "@t.vn", "too_long"),
    ]

    /// Good twins of ``emails``: every door stores `An.Nguyen@truong.edu.vn` (the domain in lowercase).
    public static let goodEmails = ["An.Nguyen@Truong.EDU.vn", " An.Nguyen@truong.edu.vn "]
    public static let goodEmailStored = "An.Nguyen@truong.edu.vn"

    /// Phone numbers that are not Vietnamese numbers a gateway can reach.
    public static let phones: [Case] = [
        Case("12345", "invalid_phone"),
        Case("0912 345 67", "invalid_phone"),
        Case("+1 202 555 0100", "invalid_phone"),
        Case("0912345678x", "invalid_phone"),
        Case("0012345678", "invalid_phone"),
        Case("0912 345 678 0912 345 678", "too_long"),
    ]

    /// Good twins of ``phones``: every door stores `+84912345678`.
    public static let goodPhones = ["0912.345.678", "+84 912 345 678", "84912345678", "(091) 234-5678"]
    public static let goodPhoneStored = "+84912345678"

    /// How many bad values the catalogue holds.
    public static var count: Int {
        amounts.count + accounts.count + names.count + banks.count + dates.count + emails.count + phones.count
    }
}
