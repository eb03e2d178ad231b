import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Operations
import ReadBack
import Testing

/// Webhook secrets at rest: sealed under the servers' key, bound to their unit, and a copy of the
/// database alone does not hold them.
@Suite("Webhook secrets: sealed at rest, bound to their unit")
struct HookSecretTests {
    /// A notification of a transfer, without a bill's code (it waits in the inbox).
    static func notice(_ transaction: String) -> String {
        #"{"transactionId": "\#(transaction)", "amount": 50000, "content": "ung ho quy khuyen hoc"}"#
    }

    @Test("the stored secret is sealed (no plain text in the row) and the bank's notification signed with it is taken", arguments: ServerDatabase.all)
    func sealedAtRest(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            let secret = try #require(try await app.call(.post, "/v1/units/\(school)/hook-secret").json().string("secret"))
            let row = try #require(try await app.ledger.storedHookSecrets().first { $0.unitId == school })
            #expect(row.stored.hasPrefix("aes-256-gcm$"))
            #expect(!row.stored.lowercased().contains(secret.lowercased()))
            #expect(!row.stored.contains(Data(secret.utf8).base64EncodedString()))
            let key = HookSecrets(keys: app.keys).file
            let mode = try FileManager.default.attributesOfItem(atPath: key.path)[.posixPermissions] as? NSNumber
            #expect(mode?.int16Value == 0o600, "the key file is its owner's alone")

            let body = Self.notice("FT26300001")
            let answer = try await app.call(.post, "/v1/hooks/bank/\(school)", headers: try Bank(secret: secret).headers(body), raw: body)
            #expect(answer.status == .ok)
            #expect(try answer.json().string("status") == "unmatched")
        }
    }

    @Test("a sealed secret copied to another unit's row does not verify there", arguments: ServerDatabase.all)
    func boundToItsUnit(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            let clinic = try await app.school("Trạm Y tế phường Điện Biên")
            let secret = try #require(try await app.call(.post, "/v1/units/\(school)/hook-secret").json().string("secret"))
            _ = try await app.call(.post, "/v1/units/\(clinic)/hook-secret")
            let sealed = try #require(try await app.ledger.hookSecret(unit: school))
            try await app.ledger.setHookSecret(sealed, unit: clinic)

            let body = Self.notice("FT26300002")
            let moved = try await app.call(.post, "/v1/hooks/bank/\(clinic)", headers: try Bank(secret: secret).headers(body), raw: body)
            #expect(moved.status == .unauthorized)
            #expect(try await app.call(.get, "/v1/units/\(clinic)/payments").json().objects("items").isEmpty)
            let own = try await app.call(.post, "/v1/hooks/bank/\(school)", headers: try Bank(secret: secret).headers(body), raw: body)
            #expect(own.status == .ok, "at its own unit it still verifies")
        }
    }

    @Test("secrets stored in plain text before sealing are sealed, and the bank's secret still works", arguments: ServerDatabase.all)
    func sealsOldRows(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            let old = BankSignature.newSecret()
            try await app.ledger.setHookSecret(old, unit: school)
            let secrets = HookSecrets(keys: app.keys)
            #expect(try await secrets.sealPlainSecrets(ledger: app.ledger) == 1)
            let stored = try #require(try await app.ledger.hookSecret(unit: school))
            #expect(stored.hasPrefix("aes-256-gcm$") && !stored.contains(old))
            #expect(try await secrets.sealPlainSecrets(ledger: app.ledger) == 0, "sealed once")

            let body = Self.notice("FT26300003")
            let answer = try await app.call(.post, "/v1/hooks/bank/\(school)", headers: try Bank(secret: old).headers(body), raw: body)
            #expect(answer.status == .ok)
        }
    }

    @Test(
        "without the key file a server neither checks notifications nor makes a second key; it says which file is missing",
        arguments: ServerDatabase.all
    )
    func missingKeyFile(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            let secret = try #require(try await app.call(.post, "/v1/units/\(school)/hook-secret").json().string("secret"))
            let secrets = HookSecrets(keys: app.keys)
            try FileManager.default.removeItem(at: secrets.file)

            let body = Self.notice("FT26300004")
            let answer = try await app.call(.post, "/v1/hooks/bank/\(school)", headers: try Bank(secret: secret).headers(body), raw: body)
            #expect(answer.status == .internalServerError)
            #expect(try await app.call(.get, "/v1/units/\(school)/payments").json().objects("items").isEmpty)
            #expect(try await app.call(.post, "/v1/units/\(school)/hook-secret").status == .internalServerError)
            #expect(!FileManager.default.fileExists(atPath: secrets.file.path), "no new key was made in its place")
            let refused = await #expect(throws: HookSecretError.self) { try await secrets.sealPlainSecrets(ledger: app.ledger) }
            guard case .keyMissing(let file, _)? = refused else {
                Issue.record("not keyMissing: \(String(describing: refused))")
                return
            }
            #expect(file == secrets.file.path)
        }
    }

    @Test(
        "two servers with key folders of their own, sealing their first secrets at once, agree on one key; the other is told to copy it",
        arguments: ServerDatabase.all
    )
    func oneKeyForTheDeployment(database: ServerDatabase) async throws {
        try await Harness.run(on: database) { app in
            let school = try await app.school()
            let clinic = try await app.school("Trạm Y tế phường Điện Biên")
            let first = try ScratchDirectory()
            let second = try ScratchDirectory()
            let servers = [HookSecrets(keys: KeyStore(dataDirectory: first.url.path)), HookSecrets(keys: KeyStore(dataDirectory: second.url.path))]
            async let one = Result(catching: { try await servers[0].renew(unit: school, ledger: app.ledger) })
            async let other = Result(catching: { try await servers[1].renew(unit: clinic, ledger: app.ledger) })
            let outcomes = await [one, other]

            let recorded = try #require(try await app.ledger.hookSecretKeyId())
            let winner = try #require(outcomes.firstIndex { (try? $0.get()) != nil }, "neither server sealed its secret")
            let loser = 1 - winner
            #expect(try servers[winner].readKey()?.id == recorded)
            guard case .failure(HookSecretError.keyMissing(let file, let keyIds)) = outcomes[loser] else {
                Issue.record("the second key was not refused: \(outcomes[loser])")
                return
            }
            #expect(file == servers[loser].file.path)
            #expect(keyIds == [recorded], "the error names the key to copy")
            #expect(!FileManager.default.fileExists(atPath: servers[loser].file.path), "no second key file is left")

            // A server whose file holds another key refuses at start, naming both keys.
            try FileManager.default.createDirectory(at: servers[loser].file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data((String(repeating: "ab", count: 32) + "\n").utf8).write(to: servers[loser].file)
            let refused = await #expect(throws: HookSecretError.self) { try await servers[loser].sealPlainSecrets(ledger: app.ledger) }
            guard case .otherKey(_, _, let sealedUnder)? = refused else {
                Issue.record("not otherKey: \(String(describing: refused))")
                return
            }
            #expect(sealedUnder == recorded)
        }
    }
}

extension Result where Failure == any Error {
    /// The outcome of `body`, an error included.
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
