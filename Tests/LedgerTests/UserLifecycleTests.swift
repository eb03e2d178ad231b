import Foundation
import Testing

@testable import Ledger

/// The ledger never sees passwords: these tests stand a plain "hash" in for the real one.
@Sendable private func password(_ typed: String) -> @Sendable (String) -> Bool { { stored in stored == "hash:" + typed } }

@Suite("Users: disabled, enabled, passwords reset, sessions pruned")
struct UserLifecycleTests {
    @Test("disabling a user ends every session of theirs at once and refuses their sign-in as a wrong password is", arguments: TestDatabase.all)
    func disable(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let user = try await ledger.createUser(NewUser(username: "thu.quy", displayName: "Thủ quỹ", role: .admin), passwordHash: "hash:đúng")
            for token in ["t1", "t2"] {
                _ = try await ledger.signIn(username: "thu.quy", token: token, csrfToken: "c", lifetime: 3600, matches: password("đúng"))
            }
            #expect(try await ledger.session(token: "t1") != nil)

            let disabled = try await ledger.disableUser(user.id)
            #expect(disabled.disabledAt != nil)
            #expect(try await ledger.session(token: "t1") == nil)
            #expect(try await ledger.session(token: "t2") == nil)
            #expect(try await ledger.storedSessionCount(of: user.id) == 0, "the sessions are gone, not only hidden")
            let refused = try await ledger.signIn(username: "thu.quy", token: "t3", csrfToken: "c", lifetime: 3600, matches: password("đúng"))
            #expect(refused == .refused)
            #expect(try await ledger.listUsers().items.first?.disabledAt == disabled.disabledAt)
            #expect(try await ledger.disableUser(user.id) == disabled, "disabling again changes nothing")

            let enabled = try await ledger.enableUser(user.id)
            #expect(enabled.disabledAt == nil)
            guard
                case .signedIn = try await ledger.signIn(username: "thu.quy", token: "t4", csrfToken: "c", lifetime: 3600, matches: password("đúng"))
            else {
                Issue.record("an enabled user could not sign in")
                return
            }
            await #expect(throws: LedgerError.notFound(.user, id: 99)) { try await ledger.disableUser(99) }
        }
    }

    @Test("a reset password works and the old one no longer does; the user's sessions end and a lockout lifts", arguments: TestDatabase.all)
    func reset(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let user = try await ledger.createUser(NewUser(username: "thu.quy", displayName: "Thủ quỹ", role: .admin), passwordHash: "hash:cũ")
            _ = try await ledger.signIn(username: "thu.quy", token: "t1", csrfToken: "c", lifetime: 3600, matches: password("cũ"))
            for attempt in 1...5 {
                _ = try await ledger.signIn(username: "thu.quy", token: "x\(attempt)", csrfToken: "c", lifetime: 3600, matches: password("sai"))
            }
            _ = try await ledger.resetPassword(of: user.id, passwordHash: "hash:mới")
            #expect(try await ledger.session(token: "t1") == nil)
            #expect(try await ledger.signIn(username: "thu.quy", token: "t2", csrfToken: "c", lifetime: 3600, matches: password("cũ")) == .refused)
            guard case .signedIn = try await ledger.signIn(username: "thu.quy", token: "t3", csrfToken: "c", lifetime: 3600, matches: password("mới"))
            else {
                Issue.record("the new password did not sign in")
                return
            }
        }
    }

    @Test("expired sessions are deleted at the next sign-in", arguments: TestDatabase.all)
    func prune(database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withLedger(clock: clock) { ledger in
            let user = try await ledger.createUser(NewUser(username: "thu.quy", displayName: "Thủ quỹ", role: .admin), passwordHash: "hash:đúng")
            _ = try await ledger.signIn(username: "thu.quy", token: "t1", csrfToken: "c", lifetime: 60, matches: password("đúng"))
            _ = try await ledger.signIn(username: "thu.quy", token: "t2", csrfToken: "c", lifetime: 3600, matches: password("đúng"))
            clock.advance(by: 61)
            #expect(try await ledger.storedSessionCount(of: user.id) == 2)
            _ = try await ledger.signIn(username: "thu.quy", token: "t3", csrfToken: "c", lifetime: 3600, matches: password("đúng"))
            #expect(try await ledger.storedSessionCount(of: user.id) == 2, "t1 expired and went; t2 and t3 stay")
            #expect(try await ledger.session(token: "t2") != nil)
            clock.advance(by: 3600)
            #expect(try await ledger.pruneSessions() == 2)
        }
    }
}
