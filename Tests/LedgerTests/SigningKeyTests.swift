import Foundation
import Ledger
import Rules
import Testing

@Suite("Signing keys of units")
struct SigningKeyTests {
    @Test("a new key becomes active and the one before it verify-only, dated, for good", arguments: TestDatabase.all)
    func rotation(database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withLedger(clock: clock) { ledger in
            let fixture = try await MarketFixture(in: ledger)
            let first = try await ledger.addSigningKey(unit: fixture.market.id, kid: "00112233aabbccdd", alg: "EdDSA", publicKeyPem: "PEM 1")
            #expect(first.status == .active)
            clock.advance(by: 3600)
            let second = try await ledger.addSigningKey(unit: fixture.market.id, kid: "1122334455667788", alg: "ES256", publicKeyPem: "PEM 2")
            #expect(try await ledger.activeSigningKey(unit: fixture.market.id) == second)
            let all = try await ledger.signingKeys()
            #expect(all.map(\.kid) == ["00112233aabbccdd", "1122334455667788"])
            #expect(all[0].status == .verifyOnly)
            #expect(all[0].validTo == second.validFrom)
            #expect(all[1].validTo == nil)
        }
    }

    @Test("a key registered twice is a conflict, and a unit that does not exist is refused", arguments: TestDatabase.all)
    func refusals(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let fixture = try await MarketFixture(in: ledger)
            _ = try await ledger.addSigningKey(unit: fixture.market.id, kid: "00112233aabbccdd", alg: "EdDSA", publicKeyPem: "PEM")
            await #expect(
                throws: LedgerError.conflict(FieldProblem(field: "kid", code: .duplicate, reason: "the key 00112233aabbccdd is already registered"))
            ) {
                try await ledger.addSigningKey(unit: fixture.market.id, kid: "00112233aabbccdd", alg: "EdDSA", publicKeyPem: "PEM")
            }
            await #expect(throws: LedgerError.notFound(.unit, id: 999)) {
                try await ledger.addSigningKey(unit: 999, kid: "ffffffffffffffff", alg: "EdDSA", publicKeyPem: "PEM")
            }
            #expect(try await ledger.activeSigningKey(unit: 999) == nil)
        }
    }
}
