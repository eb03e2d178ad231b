import Foundation
import Ledger
import Rules
import Testing

@Suite("Revoking signing keys, and the deployment's root key")
struct KeyRevocationTests {
    @Test("a revoked active key is kept with its time, reason and author, and the unit has no active key", arguments: TestDatabase.all)
    func revokeActive(database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withLedger(clock: clock) { ledger in
            let fixture = try await MarketFixture(in: ledger)
            let key = try await ledger.addSigningKey(unit: fixture.market.id, kid: "00112233aabbccdd", alg: "EdDSA", publicKeyPem: "PEM")
            clock.advance(by: 3600)
            let revoked = try #require(try await ledger.revokeSigningKey(kid: "00112233AABBCCDD", reason: .superseded, at: nil, by: "key:1"))
            #expect(revoked.status == .revoked)
            #expect(revoked.revokedAt == clock.now())
            #expect(revoked.validTo == clock.now(), "it stopped sealing now")
            #expect(revoked.revocationReason == .superseded)
            #expect(revoked.revokedBy == "key:1")
            #expect(revoked.validFrom == key.validFrom)
            #expect(try await ledger.activeSigningKey(unit: fixture.market.id) == nil)
            #expect(try await ledger.signingKeys() == [revoked], "kept, never deleted")
        }
    }

    @Test(
        "revoking again only widens a revocation: an earlier time moves it back, compromised replaces superseded, nothing else changes it",
        arguments: TestDatabase.all
    )
    func revokeAgain(database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withLedger(clock: clock) { ledger in
            let fixture = try await MarketFixture(in: ledger)
            _ = try await ledger.addSigningKey(unit: fixture.market.id, kid: "00112233aabbccdd", alg: "EdDSA", publicKeyPem: "PEM")
            clock.advance(by: 10 * 86_400)
            let start = clock.now()
            let first = try #require(
                try await ledger.revokeSigningKey(kid: "00112233aabbccdd", reason: .superseded, at: start.addingTimeInterval(-86_400), by: "cli")
            )
            #expect(first.revokedAt == start.addingTimeInterval(-86_400), "a time past is kept")
            clock.advance(by: 60)
            let later = try await ledger.revokeSigningKey(kid: "00112233aabbccdd", reason: .superseded, at: nil, by: "key:9")
            #expect(later == first, "a later time changes nothing")
            let earlier = try #require(
                try await ledger.revokeSigningKey(
                    kid: "00112233aabbccdd",
                    reason: .superseded,
                    at: start.addingTimeInterval(-2 * 86_400),
                    by: "key:9"
                )
            )
            #expect(earlier.revokedAt == start.addingTimeInterval(-2 * 86_400))
            #expect(earlier.revokedBy == "key:9")
            #expect(earlier.validTo == first.validTo, "it stopped sealing when first revoked")
            let worse = try #require(try await ledger.revokeSigningKey(kid: "00112233aabbccdd", reason: .compromised, at: nil, by: "cli"))
            #expect(worse.revocationReason == .compromised)
            #expect(worse.revokedAt == earlier.revokedAt, "the time stays the earliest")
            let milder = try await ledger.revokeSigningKey(kid: "00112233aabbccdd", reason: .superseded, at: nil, by: "cli")
            #expect(milder == worse, "superseded does not undo compromised")
            #expect(try await ledger.signingKeys() == [worse])
        }
    }

    @Test("a revocation from a time to come is refused, and an unknown kid finds nothing", arguments: TestDatabase.all)
    func refusals(database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withLedger(clock: clock) { ledger in
            let fixture = try await MarketFixture(in: ledger)
            let key = try await ledger.addSigningKey(unit: fixture.market.id, kid: "00112233aabbccdd", alg: "EdDSA", publicKeyPem: "PEM")
            await #expect(throws: LedgerError.self) {
                try await ledger.revokeSigningKey(kid: "00112233aabbccdd", reason: .compromised, at: clock.now().addingTimeInterval(60), by: "cli")
            }
            #expect(try await ledger.activeSigningKey(unit: fixture.market.id) == key, "nothing changed")
            #expect(try await ledger.revokeSigningKey(kid: "ffffffffffffffff", reason: .compromised, at: nil, by: "cli") == nil)
        }
    }

    @Test("a new key after a revocation is the unit's active key; the revoked one stays revoked", arguments: TestDatabase.all)
    func newKeyAfterRevocation(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let fixture = try await MarketFixture(in: ledger)
            _ = try await ledger.addSigningKey(unit: fixture.market.id, kid: "00112233aabbccdd", alg: "EdDSA", publicKeyPem: "PEM 1")
            let revoked = try await ledger.revokeSigningKey(kid: "00112233aabbccdd", reason: .compromised, at: nil, by: "cli")
            let second = try await ledger.addSigningKey(unit: fixture.market.id, kid: "1122334455667788", alg: "EdDSA", publicKeyPem: "PEM 2")
            #expect(try await ledger.activeSigningKey(unit: fixture.market.id) == second)
            #expect(try await ledger.signingKeys() == [try #require(revoked), second])
        }
    }

    @Test("a revocation through one ledger is seen at once through another on the same database", arguments: TestDatabase.all)
    func seenByAnotherLedger(database: TestDatabase) async throws {
        try await database.withSharedDatabase { url in
            try await Ledger.withLedger(url, logger: .quiet) { first in
                try await Ledger.withLedger(url, logger: .quiet) { second in
                    let fixture = try await MarketFixture(in: first)
                    _ = try await first.addSigningKey(unit: fixture.market.id, kid: "00112233aabbccdd", alg: "EdDSA", publicKeyPem: "PEM")
                    #expect(try await second.signingKey(kid: "00112233aabbccdd")?.status == .active)
                    _ = try await first.revokeSigningKey(kid: "00112233aabbccdd", reason: .compromised, at: nil, by: "cli")
                    #expect(try await second.signingKeys().map(\.status) == [.revoked])
                    #expect(try await second.activeSigningKey(unit: fixture.market.id) == nil)
                }
            }
        }
    }

    @Test("servers recording their root keys at once all get the first one recorded", arguments: TestDatabase.all)
    func oneRoot(database: TestDatabase) async throws {
        try await database.withSharedDatabase { url in
            try await Ledger.withLedger(url, logger: .quiet) { first in
                try await Ledger.withLedger(url, logger: .quiet) { second in
                    let recorded = try await withThrowingTaskGroup(of: String.self) { group in
                        for index in 0..<16 {
                            let ledger = index.isMultiple(of: 2) ? first : second
                            let kid = String(format: "%016x", index)
                            group.addTask { try await ledger.registerRootKey(kid: kid, alg: "EdDSA", publicKeyPem: "PEM \(index)").kid }
                        }
                        return try await group.reduce(into: Set<String>()) { $0.insert($1) }
                    }
                    #expect(recorded.count == 1, "one root: \(recorded)")
                    #expect(try await first.registerRootKey(kid: "ffffffffffffffff", alg: "EdDSA", publicKeyPem: "PEM").kid == recorded.first)
                }
            }
        }
    }

    @Test(
        "receipts issued while their unit's key is revoked are dated no later than the revocation, or not issued: none is sealed by the key after it",
        arguments: TestDatabase.all
    )
    func noReceiptAfterRevocation(database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withLedger(clock: clock) { ledger in
            let fixture = try await MarketFixture(in: ledger)
            let key = try await ledger.addSigningKey(unit: fixture.market.id, kid: "00112233aabbccdd", alg: "EdDSA", publicKeyPem: "PEM")
            let fee = NewReceipt(payerName: "Nguyễn Thị Hoà", feeType: "Phí chợ", amount: 10_000, method: .cash)
            let seal: @Sendable (ReceiptDraft) throws -> ReceiptSealing = { draft in
                guard let key = draft.activeKey else { throw CancellationError() }
                return ReceiptSealing(kid: key.kid, seal: "BL1:\(draft.number.number)", amountInWords: "Mười nghìn đồng")
            }
            // Time moves a second at every step of any task, so a date taken before a lock shows.
            // The key is revoked once ten receipts are issued, while the others are being issued.
            let revoked = try await withThrowingTaskGroup(of: IssuerKey?.self) { group in
                group.addTask {
                    while try await ledger.listReceipts(unit: fixture.market.id, page: PageRequest(limit: 10)).items.count < 10 {
                        try await Task.sleep(for: .milliseconds(1))
                    }
                    clock.advance(by: 1)
                    return try await ledger.revokeSigningKey(kid: key.kid, reason: .compromised, at: nil, by: "cli")
                }
                // Four desks issuing one receipt after another, until the key is gone.
                for _ in 0..<4 {
                    group.addTask {
                        for _ in 0..<20 {
                            clock.advance(by: 1)
                            _ = try? await ledger.issueReceipt(fee, unitId: fixture.market.id, by: "key:1", seal: seal)
                        }
                        return nil
                    }
                }
                return try await group.reduce(into: [IssuerKey]()) { if let key = $1 { $0.append(key) } }
            }
            let revokedAt = try #require(revoked.first?.revokedAt)
            let receipts = try await ledger.listReceipts(unit: fixture.market.id, page: PageRequest(limit: 500)).items
            #expect(receipts.count >= 10)
            // A receipt sealed in the very second of the revocation (before it was recorded) is
            // dated at it, and refused like every seal dated at or after it; none is dated later.
            let late = receipts.filter { $0.kid == key.kid && $0.issuedAt > revokedAt }
            #expect(late.isEmpty, "sealed by the revoked key after \(revokedAt): \(late.map(\.number))")
        }
    }
}
