import Rules

/// A calendar day, as a due date or a statement's booking date; no time zone, no time.
public struct BillDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The day, or nil when there is no such day (30 February, 29 February 2026, month 13) or the
    /// year is outside 1900...2999 (a typo such as 0026 rather than a real bill's or transfer's date).
    public init?(year: Int, month: Int, day: Int) {
        guard (1900...2999).contains(year), (1...12).contains(month),
            (1...BillDate.days(inMonth: month, of: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads `30/09/2026`, `3/9/2026` (day first, as Vietnamese write it) or `2026-09-30`.
    public init?(_ text: String) {
        let parts: [Substring]
        let yearFirst: Bool
        if text.contains("/") {
            parts = text.split(separator: "/", omittingEmptySubsequences: false)
            yearFirst = false
        } else {
            parts = text.split(separator: "-", omittingEmptySubsequences: false)
            yearFirst = true
        }
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isWholeNumber } })
        else { return nil }
        let (y, m, d) = yearFirst ? (parts[0], parts[1], parts[2]) : (parts[2], parts[1], parts[0])
        guard y.count == 4, (1...2).contains(m.count), (1...2).contains(d.count),
            yearFirst ? (m.count == 2 && d.count == 2) : true,
            let date = BillDate(year: Int(y)!, month: Int(m)!, day: Int(d)!)
        else { return nil }
        self = date
    }

    /// `2026-09-30`.
    public var iso: String { pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) }

    /// `30/09/2026`, as slips and Vietnamese readers write it.
    public var vietnamese: String { pad(day, 2) + "/" + pad(month, 2) + "/" + pad(year, 4) }

    /// ``iso``.
    public var description: String { iso }

    public static func < (lhs: BillDate, rhs: BillDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension BillDate {
    /// The date rule every door applies: `dd/mm/yyyy` (or `d/m/yyyy`) or `yyyy-mm-dd`, a real day.
    public static func parse(_ written: String) throws(Refusal) -> BillDate {
        guard let date = BillDate(Text.clean(written)) else {
            throw Refusal(.invalidDate, "'\(written)' is not a date; write dd/mm/yyyy, such as 30/09/2026, or 2026-09-30")
        }
        return date
    }

    /// The ISO form of the date `written` at `field`, or its problem there.
    public static func iso(_ written: String, field: String) throws(FieldProblem) -> String {
        do {
            return try parse(written).iso
        } catch {
            throw FieldProblem(field: field, error)
        }
    }
}
