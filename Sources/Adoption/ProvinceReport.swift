/// A commune's numbers as a province's report counts them: its criteria (as its own report
/// computes them) and three shares, each kept as its counts so that the province's are their sums.
public struct CommuneTally: Sendable, Hashable, Codable {
    public var communeId: Int64
    public var name: String
    /// Its criteria, as ``CashlessCriteria/evaluate(units:fees:targets:)`` gives them.
    public var criteria: [Criterion]
    /// Stalls displaying their code ÷ open stalls, all its markets together.
    public var equipped: Share
    /// Receipts paid by QR or transfer ÷ all receipts that stand.
    public var cashlessByCount: Share
    /// Đồng collected by QR or transfer ÷ all đồng collected with receipts that stand.
    public var cashlessByValue: Share

    public init(communeId: Int64, name: String, criteria: [Criterion], equipped: Share, cashlessByCount: Share, cashlessByValue: Share) {
        self.communeId = communeId
        self.name = name
        self.criteria = criteria
        self.equipped = equipped
        self.cashlessByCount = cashlessByCount
        self.cashlessByValue = cashlessByValue
    }

    /// How many of its criteria are met.
    public var criteriaMet: Int { criteria.count { $0.met } }

    /// Whether it meets every criterion. A commune with nothing to measure (no market, school,
    /// clinic or receipt) meets none: a province does not count it as cashless.
    public var meetsAll: Bool { !criteria.isEmpty && criteria.allSatisfy(\.met) }

    /// Whether every criterion with identifier `id` is met (for `market_equipped`, every market);
    /// nil when the commune has no such criterion.
    public func meets(_ id: String) -> Bool? {
        let some = criteria.filter { $0.id == id }
        return some.isEmpty ? nil : some.allSatisfy(\.met)
    }
}

/// A commune in a province's ranking: its place (1 is first) and its numbers.
public struct RankedCommune: Sendable, Hashable, Codable {
    public var rank: Int
    public var tally: CommuneTally
}

/// The cashless report of a province: every commune ranked, how many meet all their criteria,
/// and the province's shares, each exactly the sum of its communes' counts.
///
/// The ranking: communes that meet all their criteria first; then more criteria met before fewer;
/// then a higher equipped share, then a higher cashless share by value, then by count (a share of
/// nothing, 0 of 0, after every share); then by ascending commune id, so that the order is the
/// same at every reading. Places are 1, 2, 3… without ties.
public struct ProvinceReport: Sendable, Hashable, Codable {
    /// Every commune, best first.
    public var communes: [RankedCommune]
    /// Communes that meet all their criteria ÷ communes.
    public var meetingAll: Share
    /// The sum of the communes' equipped shares (stalls displaying ÷ open stalls).
    public var equipped: Share
    /// The sum of the communes' cashless shares by count (receipts).
    public var cashlessByCount: Share
    /// The sum of the communes' cashless shares by value (đồng).
    public var cashlessByValue: Share

    /// The report of a province whose communes stand as `communes` say, in any order.
    public init(communes: [CommuneTally]) {
        let ranked = communes.sorted(by: Self.ranksBefore)
        self.communes = ranked.enumerated().map { RankedCommune(rank: $0.offset + 1, tally: $0.element) }
        meetingAll = Share(communes.count(where: \.meetsAll), of: communes.count)
        equipped = communes.map(\.equipped).reduce(.empty, +)
        cashlessByCount = communes.map(\.cashlessByCount).reduce(.empty, +)
        cashlessByValue = communes.map(\.cashlessByValue).reduce(.empty, +)
    }

    /// Whether `a` ranks before `b` (see the type's documentation).
    static func ranksBefore(_ a: CommuneTally, _ b: CommuneTally) -> Bool {
        if a.meetsAll != b.meetsAll { return a.meetsAll }
        if a.criteriaMet != b.criteriaMet { return a.criteriaMet > b.criteriaMet }
        for (x, y) in [(a.equipped, b.equipped), (a.cashlessByValue, b.cashlessByValue), (a.cashlessByCount, b.cashlessByCount)] {
            let order = x.compare(y)
            if order != 0 { return order > 0 }
        }
        return a.communeId < b.communeId
    }
}

/// The shares of one month.
public struct MonthShares: Sendable, Hashable, Codable {
    /// `2026-09`.
    public var month: String
    /// Stalls displaying their code ÷ open stalls, at the end of the month.
    public var equipped: Share
    /// Receipts of the month paid by QR or transfer ÷ receipts of the month that stand.
    public var cashlessByCount: Share
    /// Đồng of the month collected by QR or transfer ÷ đồng of the month.
    public var cashlessByValue: Share

    public init(month: String, equipped: Share, cashlessByCount: Share, cashlessByValue: Share) {
        self.month = month
        self.equipped = equipped
        self.cashlessByCount = cashlessByCount
        self.cashlessByValue = cashlessByValue
    }

    /// Two months' shares added count to count (the months must be the same).
    static func + (lhs: MonthShares, rhs: MonthShares) -> MonthShares {
        MonthShares(
            month: lhs.month,
            equipped: lhs.equipped + rhs.equipped,
            cashlessByCount: lhs.cashlessByCount + rhs.cashlessByCount,
            cashlessByValue: lhs.cashlessByValue + rhs.cashlessByValue
        )
    }
}

/// A commune's months.
public struct CommuneHistory: Sendable, Hashable, Codable {
    public var communeId: Int64
    /// Oldest first.
    public var months: [MonthShares]

    public init(communeId: Int64, months: [MonthShares]) {
        self.communeId = communeId
        self.months = months
    }
}

/// A province's months: each commune's, and the province's, each month the sum of its communes'.
public struct ProvinceHistory: Sendable, Hashable, Codable {
    /// The province, oldest month first.
    public var months: [MonthShares]
    /// Every commune, by ascending id.
    public var communes: [CommuneHistory]

    /// The history of a province whose communes' months are `communes` (the same months each, oldest first).
    public init(months: [String], communes: [CommuneHistory]) {
        self.months = months.enumerated().map { index, month in
            communes.compactMap { $0.months.indices.contains(index) ? $0.months[index] : nil }
                .reduce(MonthShares(month: month, equipped: .empty, cashlessByCount: .empty, cashlessByValue: .empty), +)
        }
        self.communes = communes.sorted { $0.communeId < $1.communeId }
    }
}

extension Share {
    /// 1 when this share is the larger fraction, -1 when `other` is, 0 when equal; a share of
    /// nothing (0 of 0) is smaller than any other and equal to itself. Compared exactly on the counts.
    public func compare(_ other: Share) -> Int {
        switch (denominator == 0, other.denominator == 0) {
        case (true, true): return 0
        case (true, false): return -1
        case (false, true): return 1
        case (false, false):
            let left = numerator.multipliedFullWidth(by: other.denominator)
            let right = other.numerator.multipliedFullWidth(by: denominator)
            return left == right ? 0 : (left.high, left.low) > (right.high, right.low) ? 1 : -1
        }
    }
}
