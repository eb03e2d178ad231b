// Loads a province-size data set into a Cashless database through the ledger's own operations
// (bulk where the ledger has bulk paths: stall lists per market, class lists of bills, receipts
// group-committed per unit), with the ledger's clock set back month by month so that status
// histories and fees span a year. Driven by scripts/bench-scale.
//
//   province-load <database URL> <data directory> [scale, default 1.0]
//
// At scale 1: 650 communes, 2,000 markets with 100,000 stalls (sizes skewed: a few very large
// markets), 3,000 schools and clinics each with a signing key, 1,000,000 receipts over twelve
// months (skewed: a few very large schools), 300,000 bills of which 60% are paid. Prints its
// progress on standard error and, last, one line of JSON: what it loaded and how long it took.
import Foundation
import Ledger
import Logging
import Operations
import Receipts
import Roster
import Synchronization
import VietQR

let arguments = CommandLine.arguments
guard arguments.count >= 3, let url = try? DatabaseURL(arguments[1]) else {
    FileHandle.standardError.write(Data("usage: province-load <database URL> <data directory> [scale]\n".utf8))
    exit(2)
}
let scale = arguments.count > 3 ? Double(arguments[3]) ?? 1 : 1
let keys = KeyStore(dataDirectory: arguments[2])
let configFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Config")
let banks = try BankDirectory(json: Data(contentsOf: configFolder.appendingPathComponent("banks.json")))

/// The counts at this scale.
struct Plan {
    var communes, markets, stalls, units, receipts, bills: Int

    init(scale: Double) {
        func of(_ count: Double) -> Int { max(1, Int((count * scale).rounded())) }
        communes = of(650)
        markets = of(2_000)
        stalls = of(100_000)
        units = of(3_000)
        receipts = of(1_000_000)
        bills = of(300_000)
    }
}

/// `total` split over `parts` by a Zipf law (exponent 1): the first part largest; every part at least `least`.
func skewed(_ total: Int, over parts: Int, least: Int) -> [Int] {
    let weights = (1...parts).map { 1 / Double($0) }
    let sum = weights.reduce(0, +)
    let spare = max(0, total - least * parts)
    var shares = weights.map { least + Int(Double(spare) * $0 / sum) }
    shares[0] += total - shares.reduce(0, +)
    return shares
}

/// How many receipts were issued so far.
final class Tally: Sendable {
    private let value = Atomic<Int>(0)
    var count: Int { value.load(ordering: .relaxed) }
    func add() { value.add(1, ordering: .relaxed) }
}

/// The ledger's clock, set back while the history loads.
final class LoadClock: Sendable {
    let time = Mutex<Date>(Date())
    var now: Date { time.withLock { $0 } }
    func set(_ date: Date) { time.withLock { $0 = date } }
}

func say(_ text: String) {
    FileHandle.standardError.write(Data("province-load: \(text)\n".utf8))
}

/// Runs `work` for each of `items`, at most `width` at once.
func concurrently<T: Sendable>(_ items: [T], width: Int, _ work: @escaping @Sendable (T) async throws -> Void) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        var iterator = items.makeIterator()
        for _ in 0..<width {
            guard let item = iterator.next() else { break }
            group.addTask { try await work(item) }
        }
        while try await group.next() != nil {
            if let item = iterator.next() { group.addTask { try await work(item) } }
        }
    }
}

let plan = Plan(scale: scale)
let clock = LoadClock()
let started = Date()
var logger = Logger(label: "province-load")
logger.logLevel = .warning
let calendar = { () -> Calendar in
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(secondsFromGMT: 7 * 3600)!
    return calendar
}()
// Twelve months ending with the last one: the 1st of each, 08:00 Vietnam.
let thisMonth = calendar.dateComponents([.year, .month], from: Date())
let months: [Date] = (0..<12).reversed().map { back in
    calendar.date(
        byAdding: .month,
        value: -back - 1,
        to: calendar.date(from: DateComponents(year: thisMonth.year, month: thisMonth.month, day: 1, hour: 8))!
    )!
}
clock.set(months[0])

let now: @Sendable () -> Date = { clock.now }
let summary = try await Ledger.withLedger(url, logger: logger, clock: now) { ledger -> String in
    // Communes, markets, schools and clinics.
    say("\(plan.communes) communes, \(plan.markets) markets, \(plan.units) schools and clinics")
    var made: [Int64] = []
    for number in 1...plan.communes {
        made.append(try await ledger.createCommune(NewCommune(name: "\(number % 5 == 0 ? "Xã" : "Phường") Số \(number)", province: "Thanh Hóa")).id)
    }
    let communes = made
    let marketIds = Mutex<[Int64]>([])
    try await concurrently(Array(0..<plan.markets), width: 8) { index in
        let unit = try await ledger.createUnit(
            NewCommuneUnit(kind: .market, name: "Chợ số \(index + 1)", communeId: communes[index % communes.count])
        )
        marketIds.withLock { $0.append(unit.id) }
    }
    let markets = marketIds.withLock { $0 }.sorted()
    let bins = ["970436", "970415", "970418", "970405", "970422", "970407", "970416", "970432"]
    let unitIds = Mutex<[Int64]>([])
    try await concurrently(Array(0..<plan.units), width: 8) { index in
        let unit = try await ledger.createUnit(
            NewCommuneUnit(
                kind: index % 3 == 2 ? .clinic : .school,
                name: index % 3 == 2 ? "Trạm Y tế số \(index + 1)" : "Trường số \(index + 1)",
                communeId: communes[index % communes.count],
                address: "Thanh Hóa",
                bankBin: bins[index % bins.count],
                bankAccount: "35002\(String(format: "%08d", index))",
                bankHolder: "DON VI SO \(index + 1)"
            )
        )
        let key = try SigningKey.generate()
        try keys.save(key)
        _ = try await ledger.addSigningKey(unit: unit.id, kid: key.publicKey.kidHex, alg: key.algorithm.rawValue, publicKeyPem: key.publicKey.pem)
        unitIds.withLock { $0.append(unit.id) }
    }
    let units = unitIds.withLock { $0 }.sorted()

    // Stalls: each market's list imported at four times of the year, the displaying share rising.
    let sizes = skewed(plan.stalls, over: plan.markets, least: 10)
    let bank = banks[bin: "970436"]!
    for (quarter, month) in [0, 3, 6, 9].enumerated() {
        clock.set(months[month])
        say("stalls, quarter \(quarter + 1)/4 (\(plan.stalls) stalls)")
        try await concurrently(Array(zip(markets, sizes)), width: 4) { market, size in
            let displaying = Double(quarter + 1) * 0.2
            let entries = (1...size).map { number in
                let share = Double(number) / Double(size)
                let status: EquipmentStatus =
                    share <= displaying ? .qrDisplayed : share <= displaying + 0.1 ? .qrIssued : share <= 0.9 ? .hasAccount : .surveyed
                return StallEntry(
                    line: number + 1,
                    stall: "Q\(number)",
                    name: "Người bán \(number)",
                    bank: bank,
                    account: "10\(String(900_000_000 + number))",
                    holder: "NGUOI BAN \(number)",
                    status: status
                )
            }
            _ = try await ledger.importStalls(entries, into: market, by: "province-load")
        }
    }

    // Receipts, month by month, skewed over the units; bills first, 60% of them paid by a receipt.
    let sealer = ReceiptSealer(keys: keys)
    let perUnit = skewed(plan.receipts, over: units.count, least: 12)
    let billsPerUnit = skewed(plan.bills, over: units.count, least: 1)
    let issued = Tally()
    for (index, month) in months.enumerated() {
        clock.set(month)
        say("month \(index + 1)/12: receipts \(issued.count) of \(plan.receipts) so far")
        try await concurrently(Array(units.enumerated()), width: 16) { position, unit in
            let count = perUnit[position] / 12 + (index < perUnit[position] % 12 ? 1 : 0)
            var paying: [Bill] = []
            if index == 11 {
                // This month's bills of the unit; 60% are paid by this month's receipts.
                let bills = (0..<billsPerUnit[position]).map { number in
                    NewBill(payerName: "Học sinh \(number + 1)", payerReference: "HS\(number + 1)", feeType: "Học phí", amount: 1_250_000)
                }
                for chunk in stride(from: 0, to: bills.count, by: 500) {
                    let made = try await Bills.create(
                        Array(bills[chunk..<min(bills.count, chunk + 500)]),
                        unit: unit,
                        by: "province-load",
                        ledger: ledger
                    )
                    paying += made.prefix(made.count * 6 / 10)
                }
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for number in 0..<count {
                    // Several at once for one unit: the group commit seals them in batches.
                    if number >= 32 { try await group.next() }
                    let bill = number < paying.count ? paying[number] : nil
                    let receipt = NewReceipt(
                        payerName: bill?.payerName ?? "Người nộp \(number + 1)",
                        payerReference: bill?.payerReference,
                        feeType: bill?.feeType ?? "Học phí",
                        amount: bill?.amount ?? UInt64(50_000 + (number % 20) * 10_000),
                        method: number % 5 == 4 ? .cash : number % 2 == 0 ? .qr : .transfer,
                        billId: bill?.id
                    )
                    group.addTask {
                        _ = try await ledger.issueReceipt(receipt, unitId: unit, by: "province-load", seal: { try sealer.seal($0) })
                        issued.add()
                    }
                }
                try await group.waitForAll()
            }
        }
    }
    let seconds = Date().timeIntervalSince(started)
    return """
        {"communes": \(plan.communes), "markets": \(plan.markets), "stalls": \(plan.stalls), "units": \(plan.units), \
        "receipts": \(issued.count), "bills": \(plan.bills), "largestMarket": \(markets[0]), \
        "largestUnit": \(units[0]), "seconds": \(String(format: "%.1f", seconds))}
        """
}
print(summary)
