import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Two real `cashless serve` processes sharing one PostgreSQL database, as a province-wide
/// deployment runs them. Only under `CASHLESS_TEST_POSTGRES_URL` (`scripts/with-postgres`).
@Suite("Two servers on one PostgreSQL database")
struct TwoServersTests {
    static let postgres = ServerDatabase.all.contains(.postgres)
    static let imports = 6, rowsPerImport = 100, stalls = 10, changesPerStall = 8
    /// Each stall starts at has_account (it has an account) and goes round these, one change at a time.
    static let cycle = ["qr_issued", "qr_displayed", "surveyed", "has_account"]

    @Test(
        "CSV imports and stall changes sent through both servers at once lose no stall and no status change",
        .enabled(if: postgres, "needs CASHLESS_TEST_POSTGRES_URL (scripts/with-postgres)")
    )
    func nothingLost() async throws {
        try await ServerDatabase.withNewPostgresDatabase { url in
            // One data folder, as servers of one deployment share keys/ (the root key among them).
            let data = FileManager.default.temporaryDirectory.appendingPathComponent("cashless-data-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: data) }
            let servers = [try ServerProcess(database: url, dataDirectory: data), try ServerProcess(database: url, dataDirectory: data)]
            defer { for server in servers { server.stop() } }
            for server in servers { try await server.waitUntilHealthy() }
            // Both started on a new database at once: whichever found no admin key made one and printed it.
            let printed = servers.map(\.stdout).joined(separator: "\n")
            let secret = try #require(printed.firstMatch(of: /Authorization: Bearer (csk_\S+)/)?.1, "\(printed)")
            let admin: HTTPFields = [.authorization: "Bearer \(secret)"]
            let json: HTTPFields = admin.merging([.contentType: "application/json"])
            let csv: HTTPFields = admin.merging([.contentType: "text/csv"])

            let commune = try
                (try await servers[0].request(
                    .post,
                    "/v1/communes",
                    headers: json,
                    body: #"{"name": "Phường Điện Biên", "province": "Thanh Hóa"}"#
                )).json().int("id")
            let market = try
                (try await servers[1].request(
                    .post,
                    "/v1/units",
                    headers: json,
                    body: #"{"kind": "market", "name": "Chợ Điện Biên", "communeId": \#(commune)}"#
                )).json().int("id")
            var stallIds: [Int64] = []
            for number in 0..<Self.stalls {
                let created = try await servers[number % 2].request(
                    .post,
                    "/v1/markets/\(market)/vendors",
                    headers: json,
                    body:
                        #"{"stall": "S\#(number)", "name": "Người bán \#(number)", "bank": "VCB", "account": "00220018\#(1000 + number)", "holder": "NGUOI BAN"}"#
                )
                #expect(created.status == .created)
                stallIds.append(try created.json().int("id"))
            }

            try await withThrowingTaskGroup(of: Void.self) { group in
                for batch in 0..<Self.imports {
                    group.addTask {
                        var text = "stall,name,bank,account,holder\n"
                        for row in 0..<Self.rowsPerImport {
                            text += "I\(batch)-\(row),Người bán \(batch)-\(row),VCB,0011\(batch)\(1_000_000 + row),NGUOI BAN\n"
                        }
                        let response = try await servers[batch % 2].request(
                            .post,
                            "/v1/markets/\(market)/vendors/import",
                            headers: csv,
                            body: text
                        )
                        #expect(response.status == .ok, "import \(batch): \(String(buffer: response.body ?? ByteBuffer()))")
                        #expect(try response.json().int("created") == Int64(Self.rowsPerImport))
                    }
                }
                for (index, id) in stallIds.enumerated() {
                    group.addTask {
                        for change in 0..<Self.changesPerStall {
                            let response = try await servers[(index + change) % 2].request(
                                .post,
                                "/v1/vendors/\(id)/status",
                                headers: json,
                                body: #"{"status": "\#(Self.cycle[change % Self.cycle.count])"}"#
                            )
                            #expect(response.status == .ok, "stall \(id), change \(change): \(String(buffer: response.body ?? ByteBuffer()))")
                        }
                    }
                }
                try await group.waitForAll()
            }

            var codes: [String] = []
            var after = ""
            repeat {
                let page = try (try await servers[1].request(.get, "/v1/markets/\(market)/vendors?limit=500\(after)", headers: admin)).json()
                codes += page.objects("items").compactMap { $0.string("stall") }
                after = (page["nextCursor"] as? NSNumber).map { "&after=\($0)" } ?? ""
            } while !after.isEmpty
            let expected =
                (0..<Self.stalls).map { "S\($0)" }
                + (0..<Self.imports).flatMap { batch in (0..<Self.rowsPerImport).map { "I\(batch)-\($0)" } }
            #expect(codes.count == expected.count)
            #expect(Set(codes) == Set(expected))

            let statuses = ["has_account"] + (0..<Self.changesPerStall).map { Self.cycle[$0 % Self.cycle.count] }
            for (index, id) in stallIds.enumerated() {
                let history = try (try await servers[index % 2].request(.get, "/v1/vendors/\(id)/history", headers: admin)).json().objects("items")
                #expect(history.map { $0.string("to") } == statuses, "stall \(id)")
                #expect(history.map { $0.string("from") } == [nil] + statuses.dropLast().map { $0 }, "stall \(id): one chain")
            }
            let adoption = try (try await servers[0].request(.get, "/v1/markets/\(market)/adoption", headers: admin)).json()
            #expect(adoption.int("open") == Int64(expected.count))
        }
    }

}

extension HTTPFields {
    /// These fields with `other`'s added.
    func merging(_ other: HTTPFields) -> HTTPFields {
        var fields = self
        for field in other { fields[field.name] = field.value }
        return fields
    }
}
