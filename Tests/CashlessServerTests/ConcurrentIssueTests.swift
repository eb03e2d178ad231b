import Foundation
import Hummingbird
import HummingbirdTesting
import ReadBack
import Testing

/// Receipts issued at once through real `cashless serve` processes: one on an SQLite file, two on
/// one PostgreSQL database (as a province-wide deployment scales out), sharing one key folder.
@Suite("Concurrent receipts through real servers")
struct ConcurrentIssueTests {
    static let receipts = 200

    @Test("200 receipts issued at once for one unit get the numbers 1…200 exactly", arguments: ServerDatabase.all)
    func gapless(database: ServerDatabase) async throws {
        let data = try ScratchDirectory()
        switch database {
        case .sqlite:
            try await Self.issue(url: "sqlite:" + data.url.appendingPathComponent("cashless.sqlite").path, servers: 1, data: data)
        case .postgres:
            try await ServerDatabase.withNewPostgresDatabase { url in try await Self.issue(url: url, servers: 2, data: data) }
        }
    }

    static func issue(url: String, servers count: Int, data: ScratchDirectory) async throws {
        let servers = try (0..<count).map { _ in try ServerProcess(database: url, dataDirectory: data.url) }
        defer { for server in servers { server.stop() } }
        for server in servers { try await server.waitUntilHealthy() }
        let printed = servers.map(\.stdout).joined(separator: "\n")
        let secret = try #require(printed.firstMatch(of: /Authorization: Bearer (csk_\S+)/)?.1, "\(printed)")
        let json: HTTPFields = [.authorization: "Bearer \(secret)", .contentType: "application/json"]
        let commune = try
            (try await servers[0].request(
                .post,
                "/v1/communes",
                headers: json,
                body: #"{"name": "Phường Điện Biên", "province": "Thanh Hóa"}"#
            )).json().int("id")
        let school = try
            (try await servers[count - 1].request(
                .post,
                "/v1/units",
                headers: json,
                body: #"{"kind": "school", "name": "Trường THCS Điện Biên", "communeId": \#(commune)}"#
            )).json().int("id")
        // The unit's key, made as a bursar would, in the folder both servers read.
        let keys = try run(
            ServerProcess.executable.path,
            ["keys", "generate", "--unit", "\(school)"],
            environment: [
                "CASHLESS_DATABASE_URL": url, "CASHLESS_DATA_DIR": data.url.path,
                "CASHLESS_CONFIG_DIR": ServerProcess.configDirectory.path,
            ]
        )
        #expect(keys.status == 0, "\(keys.text)\(keys.errors)")

        let numbers = try await withThrowingTaskGroup(of: Int64.self) { group in
            for index in 0..<receipts {
                group.addTask {
                    let response = try await servers[index % count].request(
                        .post,
                        "/v1/units/\(school)/receipts",
                        headers: json,
                        body: #"{"payerName": "Học sinh \#(index)", "feeType": "Học phí T9", "amount": 150000, "method": "qr"}"#
                    )
                    #expect(response.status == .created, "\(String(buffer: response.body ?? ByteBuffer()))")
                    return try response.json().int("number")
                }
            }
            return try await group.reduce(into: [Int64]()) { $0.append($1) }
        }
        #expect(numbers.sorted() == Array(1...Int64(receipts)))
    }

}
