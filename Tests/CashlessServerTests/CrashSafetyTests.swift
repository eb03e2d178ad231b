import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReadBack
import Synchronization
import Testing

/// Servers killed with SIGKILL — no shutdown, no flush — at random moments while 16 clients
/// issue receipts with idempotency keys and a bank sends payment notifications, each retrying
/// until it is answered, as real clients and banks do. On SQLite the one server is killed and
/// restarted; on PostgreSQL one of two is, in turn, while the other goes on. Afterwards nothing
/// acknowledged is missing, nothing is there twice, and the receipt numbers have no gap.
@Suite("Crash safety: servers killed with SIGKILL during receipts and bank notifications")
struct CrashSafetyTests {
    static let clients = 16
    static let notifications = 24
    static let kills = 5

    @Test(
        "every acknowledged receipt keeps its number, numbers are gapless, no key issues twice, every notification is recorded and receipted once",
        arguments: ServerDatabase.all
    )
    func killed(database: ServerDatabase) async throws {
        let data = try ScratchDirectory()
        switch database {
        case .sqlite:
            try await Self.run(url: "sqlite:" + data.url.appendingPathComponent("cashless.sqlite").path, servers: 1, data: data)
        case .postgres:
            try await ServerDatabase.withNewPostgresDatabase { url in try await Self.run(url: url, servers: 2, data: data) }
        }
    }

    static func run(url: String, servers count: Int, data: ScratchDirectory) async throws {
        let fleet = try Fleet(url: url, data: data.url, count: count)
        defer { fleet.stopAll() }
        try await fleet.waitUntilHealthy()
        let printed = fleet.stdout
        let secret = try #require(printed.firstMatch(of: /Authorization: Bearer (csk_\S+)/)?.1, "\(printed)")
        let json: HTTPFields = [.authorization: "Bearer \(secret)", .contentType: "application/json"]

        // A school with an account, its signing key in the folder the servers share, bills, and its bank's secret.
        let commune = try await fleet.send(.post, "/v1/communes", json, #"{"name": "Phường Điện Biên", "province": "Thanh Hóa"}"#).int("id")
        let school = try await fleet.send(
            .post,
            "/v1/units",
            json,
            #"""
            {"kind": "school", "name": "Trường Tiểu học Điện Biên", "communeId": \#(commune), "taxCode": "2801234567",
             "address": "12 Lê Lợi, phường Điện Biên, Thanh Hóa", "bankBin": "970436", "bankAccount": "0011001234567",
             "bankHolder": "TRUONG TIEU HOC DIEN BIEN"}
            """#
        ).int("id")
        let keys = try ReadBack.run(
            ServerProcess.executable.path,
            ["keys", "generate", "--unit", "\(school)"],
            environment: [
                "CASHLESS_DATABASE_URL": url, "CASHLESS_DATA_DIR": data.url.path, "CASHLESS_CONFIG_DIR": ServerProcess.configDirectory.path,
            ]
        )
        #expect(keys.status == 0, "\(keys.text)\(keys.errors)")
        var bills: [(code: String, amount: Int)] = []
        for index in 0..<notifications {
            let amount = 200_000 + index * 1_000
            let bill = try await fleet.send(
                .post,
                "/v1/units/\(school)/bills",
                json,
                #"{"payerName": "Phụ huynh \#(index)", "feeType": "Học phí tháng 9", "amount": \#(amount)}"#
            )
            bills.append((try #require(bill.string("code")).replacingOccurrences(of: " ", with: ""), amount))
        }
        let billsToPay = bills
        let bank = Bank(secret: try #require(try await fleet.send(.post, "/v1/units/\(school)/hook-secret", json, nil).string("secret")))

        // The load: receipts from 16 clients until the killing is over, and the bank's notifications.
        let killing = Flag(true)
        let acknowledged = try await withThrowingTaskGroup(of: [String: Int64].self) { group in
            for client in 0..<clients {
                group.addTask { try await fleet.cashReceipts(unit: school, keys: "crash-\(client)", json, while: killing) }
            }
            group.addTask {
                for (index, bill) in billsToPay.enumerated() {
                    let body = #"""
                        {"transactionId": "FT26CRASH\#(index)", "amount": \#(bill.amount), "content": "MBVCB.\#(index).\#(bill.code).chuyen tien", "payerName": "PHU HUYNH \#(index)"}
                        """#
                    _ = try await fleet.send(.post, "/v1/hooks/bank/\(school)", try bank.headers(body), body)
                }
                return [:]
            }
            group.addTask {
                for kill in 0..<kills {
                    // The fault schedule: a random moment within the next half second.
                    try await Task.sleep(for: .milliseconds(Int.random(in: 150...600)))
                    try await fleet.crashAndRestart(kill % count)
                }
                killing.value = false
                return [:]
            }
            return try await group.reduce(into: [String: Int64]()) { $0.merge($1) { first, _ in first } }
        }

        // What the ledger holds now, read through the servers.
        var receipts: [(number: Int64, payer: String)] = []
        var after: String?
        repeat {
            let page = try await fleet.send(.get, "/v1/units/\(school)/receipts?limit=500" + (after.map { "&after=\($0)" } ?? ""), json, nil)
            receipts += page.objects("items").map { ($0.int("number"), $0.string("payerName") ?? "") }
            after = page["nextCursor"].flatMap { $0 is NSNull ? nil : "\($0)" }
        } while after != nil
        let payments = try await fleet.send(.get, "/v1/units/\(school)/payments?limit=500", json, nil).objects("items")

        #expect(fleet.kills == kills)
        #expect(fleet.retries > 0, "no request was cut or refused by the kills: the load missed them")
        #expect(fleet.serverErrors == 0, "answers of 500 or more (but 503 with Retry-After) during the run")
        #expect(acknowledged.count >= clients * 3)
        #expect(receipts.map(\.number).sorted() == Array(1...Int64(receipts.count)), "receipt numbers have a gap or a repeat")
        // Every acknowledged receipt is there, under the number it was answered with, once.
        let byPayer = Dictionary(grouping: receipts, by: \.payer)
        for (key, number) in acknowledged {
            #expect(byPayer["Học sinh \(key)"]?.map(\.number) == [number], "receipt \(key)")
        }
        #expect(receipts.count == acknowledged.count + notifications, "a receipt that no one asked for, or one missing")
        // Every notification recorded once, matched to its bill, and receipted once.
        #expect(payments.count == notifications)
        #expect(Set(payments.compactMap { $0.string("bankTransactionId") }).count == notifications)
        let receiptIds = payments.map { $0.int("receiptId") }
        #expect(!receiptIds.contains(-1), "a payment without its receipt")
        #expect(Set(receiptIds).count == notifications)
    }
}

/// The servers of one deployment, any of which may be killed and restarted on its port while
/// requests go on; a request is retried on the next server until one answers it.
final class Fleet: Sendable {
    private let servers: Mutex<[ServerProcess]>
    private let url: String
    private let data: URL
    private let counts = Mutex((kills: 0, serverErrors: 0, unavailable: 0, retries: 0))

    init(url: String, data: URL, count: Int) throws {
        self.url = url
        self.data = data
        servers = Mutex(try (0..<count).map { _ in try ServerProcess(database: url, dataDirectory: data) })
    }

    var kills: Int { counts.withLock { $0.kills } }
    /// Answers of 500 or more, but for 503 with `Retry-After` (the database unavailable for a moment).
    var serverErrors: Int { counts.withLock { $0.serverErrors } }
    /// Answers of 503 with `Retry-After`, each sent again.
    var unavailable: Int { counts.withLock { $0.unavailable } }
    /// Requests sent again because a connection was refused or cut.
    var retries: Int { counts.withLock { $0.retries } }
    var stdout: String { servers.withLock { $0.map(\.stdout).joined(separator: "\n") } }

    /// The server in `slot`, as now running.
    func server(_ slot: Int) -> ServerProcess { servers.withLock { $0[slot] } }

    func waitUntilHealthy() async throws {
        for server in servers.withLock({ $0 }) { try await server.waitUntilHealthy() }
    }

    /// Kills server `slot` with SIGKILL, then starts it again on its port and waits until it answers.
    func crashAndRestart(_ slot: Int) async throws {
        let old = servers.withLock { $0[slot] }
        old.kill()
        counts.withLock { $0.kills += 1 }
        let new = try ServerProcess(database: url, dataDirectory: data, port: old.port)
        servers.withLock { $0[slot] = new }
        try await new.waitUntilHealthy()
    }

    func stopAll() {
        for server in servers.withLock({ $0 }) { server.stop() }
    }

    /// The JSON answer of a request, sent to each server in turn until one answers below 500;
    /// connections refused or cut by a kill, and 503s with `Retry-After`, are retried (a minute at most).
    func send(_ method: HTTPRequest.Method, _ uri: String, _ headers: HTTPFields, _ body: String?) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(60)
        var attempt = 0
        while true {
            let server = servers.withLock { $0[attempt % $0.count] }
            attempt += 1
            if let response = try? await server.request(method, uri, headers: headers, body: body) {
                guard response.status.code >= 500 else {
                    #expect(response.status.code < 300, "\(method) \(uri): \(response.status) \(String(buffer: response.body ?? ByteBuffer()))")
                    return try response.json()
                }
                if response.status == .serviceUnavailable, response.headers[.retryAfter] != nil {
                    counts.withLock { $0.unavailable += 1 }
                } else {
                    counts.withLock { $0.serverErrors += 1 }
                }
            } else {
                counts.withLock { $0.retries += 1 }
            }
            guard ContinuousClock.now < deadline else { throw ServerProcess.Failure("\(method) \(uri): no server answered within a minute") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

extension Fleet {
    /// One client's cash receipts for `unit`, each under its own idempotency key (`keys-0`,
    /// `keys-1`, …) and retried until answered, while `going` holds and three more after; the
    /// receipt number acknowledged for each key. Each acknowledgement is added to `tally`.
    func cashReceipts(unit: Int64, keys: String, _ json: HTTPFields, while going: Flag, tally: Tally? = nil) async throws -> [String: Int64] {
        var numbers: [String: Int64] = [:]
        var index = 0
        while going.value || index < 3 {
            let key = "\(keys)-\(index)"
            var headers = json
            headers[HTTPField.Name("Idempotency-Key")!] = key
            let body = #"{"payerName": "Học sinh \#(key)", "feeType": "Học phí T9", "amount": 150000, "method": "cash"}"#
            numbers[key] = try await send(.post, "/v1/units/\(unit)/receipts", headers, body).int("number")
            tally?.add()
            index += 1
        }
        return numbers
    }
}

/// A count tasks add to, and wait for.
final class Tally: Sendable {
    private let count = Mutex(0)

    func add() { count.withLock { $0 += 1 } }

    /// Returns once the count reaches `target` (checked every 10 ms).
    func wait(until target: Int) async throws {
        while count.withLock({ $0 }) < target { try await Task.sleep(for: .milliseconds(10)) }
    }
}

/// A truth value tasks share.
final class Flag: Sendable {
    private let state: Mutex<Bool>
    init(_ value: Bool) { state = Mutex(value) }
    var value: Bool {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}
