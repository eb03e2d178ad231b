import Foundation
import Rules
import SQLKit
import Testing

@testable import Ledger

@Suite("API keys")
struct KeyTests {
    @Test("a new key is 256 random bits shown once, and its text finds it", arguments: TestDatabase.all)
    func createAndLookUp(database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withLedger(clock: clock) { ledger in
            let issued = try await ledger.createKey(role: .admin, scopeId: nil)
            #expect(issued.secret.hasPrefix("csk_"))
            #expect(issued.secret.count == 4 + 43)
            #expect(issued.secret.dropFirst(4).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
            #expect(issued.key.role == .admin)
            #expect(issued.key.createdAt == clock.now())
            #expect(try await ledger.activeKey(secret: issued.secret) == issued.key)
            #expect(try await ledger.key(issued.key.id) == issued.key)
            let other = try await ledger.createKey(role: .admin, scopeId: nil)
            #expect(other.secret != issued.secret)
        }
    }

    @Test("the key text is stored nowhere, only its SHA-256", arguments: TestDatabase.all)
    func storedAsHash(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let issued = try await ledger.createKey(role: .admin, scopeId: nil)
            let stored = try await ledger.backend.withDatabase(logger: .quiet) { database in
                try await database.select().column("secret_hash").from("api_keys").all(decodingColumn: "secret_hash", as: String.self)
            }
            #expect(stored.count == 1)
            #expect(stored[0].count == 64)
            #expect(!stored[0].contains(issued.secret.dropFirst(4)))
            #expect(!"\(issued)".contains(issued.secret))
            #expect(!String(reflecting: issued).contains(issued.secret))
        }
    }

    @Test("a wrong or altered key text finds nothing", arguments: TestDatabase.all)
    func wrongSecret(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let issued = try await ledger.createKey(role: .admin, scopeId: nil)
            let altered = String(issued.secret.dropLast()) + (issued.secret.last == "A" ? "B" : "A")
            #expect(try await ledger.activeKey(secret: altered) == nil)
            #expect(try await ledger.activeKey(secret: "") == nil)
        }
    }

    @Test("a revoked key opens nothing; revoking again changes nothing", arguments: TestDatabase.all)
    func revoke(database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withLedger(clock: clock) { ledger in
            let issued = try await ledger.createKey(role: .admin, scopeId: nil)
            // Used just before: the ledger keeps it for a few seconds, and forgets it when revoked.
            #expect(try await ledger.activeKey(secret: issued.secret)?.id == issued.key.id)
            clock.advance(by: 60)
            let revoked = try await ledger.revokeKey(issued.key.id)
            #expect(revoked.revokedAt == clock.now())
            #expect(try await ledger.activeKey(secret: issued.secret) == nil)
            clock.advance(by: 60)
            #expect(try await ledger.revokeKey(issued.key.id) == revoked)
            await #expect(throws: LedgerError.notFound(.apiKey, id: 99)) { try await ledger.revokeKey(99) }
            await #expect(throws: LedgerError.notFound(.apiKey, id: 99)) { try await ledger.key(99) }
        }
    }

    @Test("a key revoked through another server stops working here within a few seconds", arguments: TestDatabase.all)
    func revokedElsewhere(database: TestDatabase) async throws {
        try await database.withSharedDatabase { url in
            try await Ledger.withLedger(url, logger: .quiet) { first in
                try await Ledger.withLedger(url, logger: .quiet) { second in
                    let issued = try await first.createKey(role: .admin, scopeId: nil)
                    #expect(try await second.activeKey(secret: issued.secret) != nil)
                    _ = try await first.revokeKey(issued.key.id)
                    #expect(try await first.activeKey(secret: issued.secret) == nil)
                    try await Task.sleep(for: .seconds(5.5))
                    #expect(try await second.activeKey(secret: issued.secret) == nil)
                }
            }
        }
    }

    @Test("commune and unit keys are limited to a commune or unit that exists", arguments: TestDatabase.all)
    func scopes(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let fixture = try await MarketFixture(in: ledger)
            let communeKey = try await ledger.createKey(role: .commune, scopeId: fixture.commune.id)
            #expect(communeKey.key.scopeId == fixture.commune.id)
            let unitKey = try await ledger.createKey(role: .unit, scopeId: fixture.market.id)
            #expect(try await ledger.activeKey(secret: unitKey.secret)?.scopeId == fixture.market.id)

            await #expect(
                throws: LedgerError.invalidReference(FieldProblem(field: "scopeId", code: .unknownReference, reason: "there is no commune 77"))
            ) {
                try await ledger.createKey(role: .commune, scopeId: 77)
            }
            await #expect(
                throws: LedgerError.invalidReference(FieldProblem(field: "scopeId", code: .unknownReference, reason: "there is no unit 77"))
            ) {
                try await ledger.createKey(role: .unit, scopeId: 77)
            }
            await #expect(throws: LedgerError.invalid([FieldProblem(field: "scopeId", reason: "a unit key needs the unit it is limited to")])) {
                try await ledger.createKey(role: .unit, scopeId: nil)
            }
            await #expect(throws: LedgerError.invalid([FieldProblem(field: "scopeId", reason: "an admin key has no scope, but 1 was given")])) {
                try await ledger.createKey(role: .admin, scopeId: 1)
            }
        }
    }

    @Test("keys are listed by role, scope and whether revoked", arguments: TestDatabase.all)
    func list(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let fixture = try await MarketFixture(in: ledger)
            let admin = try await ledger.createKey(role: .admin, scopeId: nil).key
            let commune = try await ledger.createKey(role: .commune, scopeId: fixture.commune.id).key
            let unit = try await ledger.createKey(role: .unit, scopeId: fixture.market.id).key
            let revoked = try await ledger.revokeKey(try await ledger.createKey(role: .unit, scopeId: fixture.market.id).key.id)
            #expect(try await ledger.listKeys().items == [admin, commune, unit])
            #expect(try await ledger.listKeys(APIKeyFilter(role: .unit)).items == [unit])
            #expect(try await ledger.listKeys(APIKeyFilter(role: .unit, scopeId: fixture.market.id, revoked: nil)).items == [unit, revoked])
            #expect(try await ledger.listKeys(APIKeyFilter(revoked: true)).items == [revoked])
        }
    }
}
