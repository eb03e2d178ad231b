import Foundation
import Ledger
import Testing

/// The ledger never sees passwords: these tests stand a plain "hash" in for the real one.
@Sendable private func password(_ typed: String) -> @Sendable (String) -> Bool { { stored in stored == "hash:" + typed } }

@Suite("Users and sessions")
struct UserTests {
    @Test("a user is created once per name, with a role that fits their scope", arguments: TestDatabase.all)
    func create(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            let commune = try await ledger.createCommune(NewCommune(name: "Phường Điện Biên", province: "Thanh Hóa"))
            let user = try await ledger.createUser(
                NewUser(
                    username: " Hoa.NT ",
                    displayName: "Nguyễn Thị Hoà",
                    role: .commune,
                    scopeId: commune.id
                ),
                passwordHash: "hash:x"
            )
            #expect(user.username == "hoa.nt" && user.displayName == "Nguyễn Thị Hoà" && user.scopeId == commune.id)
            await #expect(throws: LedgerError.self) {
                try await ledger.createUser(NewUser(username: "hoa.nt", displayName: "Khác", role: .admin), passwordHash: "hash:y")
            }
            let bad = await #expect(throws: LedgerError.self) {
                try await ledger.createUser(NewUser(username: "hoà", displayName: "", role: .admin), passwordHash: "hash:y")
            }
            guard case .invalid(let problems)? = bad else {
                Issue.record("not invalid")
                return
            }
            #expect(problems.map(\.field) == ["username", "displayName"])
            await #expect(throws: LedgerError.self) {
                try await ledger.createUser(NewUser(username: "thu.quy", displayName: "Thủ quỹ", role: .unit, scopeId: 99), passwordHash: "hash:y")
            }
            #expect(try await ledger.listUsers().items.map(\.username) == ["hoa.nt"])
        }
    }

    @Test("signing in opens a session found by its token; signing out ends it; it expires", arguments: TestDatabase.all)
    func sessions(database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withLedger(clock: clock) { ledger in
            _ = try await ledger.createUser(NewUser(username: "admin", displayName: "Quản trị", role: .admin), passwordHash: "hash:đúng")
            let result = try await ledger.signIn(username: "ADMIN", token: "t1", csrfToken: "c1", lifetime: 3600, matches: password("đúng"))
            guard case .signedIn(let session) = result else {
                Issue.record("not signed in: \(result)")
                return
            }
            #expect(session.user.username == "admin" && session.csrfToken == "c1")
            #expect(try await ledger.session(token: "t1")?.user.role == .admin)
            #expect(try await ledger.session(token: "t2") == nil)
            clock.advance(by: 3601)
            #expect(try await ledger.session(token: "t1") == nil, "expired")
            _ = try await ledger.signIn(username: "admin", token: "t3", csrfToken: "c3", lifetime: 3600, matches: password("đúng"))
            try await ledger.endSession(token: "t3")
            #expect(try await ledger.session(token: "t3") == nil, "signed out")
        }
    }

    @Test("five wrong passwords lock the user out for 15 minutes, even with the right one; then it works again", arguments: TestDatabase.all)
    func lockout(database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withLedger(clock: clock) { ledger in
            _ = try await ledger.createUser(NewUser(username: "thu.quy", displayName: "Thủ quỹ", role: .admin), passwordHash: "hash:đúng")
            for attempt in 1...4 {
                #expect(
                    try await ledger.signIn(username: "thu.quy", token: "x\(attempt)", csrfToken: "c", lifetime: 60, matches: password("sai"))
                        == .refused
                )
            }
            let fifth = try await ledger.signIn(username: "thu.quy", token: "x5", csrfToken: "c", lifetime: 60, matches: password("sai"))
            #expect(fifth == .locked(until: clock.now().addingTimeInterval(15 * 60)))
            clock.advance(by: 60)
            guard case .locked = try await ledger.signIn(username: "thu.quy", token: "x6", csrfToken: "c", lifetime: 60, matches: password("đúng"))
            else {
                Issue.record("the right password got in while locked")
                return
            }
            #expect(try await ledger.session(token: "x6") == nil)
            clock.advance(by: 15 * 60)
            guard case .signedIn = try await ledger.signIn(username: "thu.quy", token: "x7", csrfToken: "c", lifetime: 60, matches: password("đúng"))
            else {
                Issue.record("still locked after 15 minutes")
                return
            }
            #expect(try await ledger.signIn(username: "nobody", token: "x8", csrfToken: "c", lifetime: 60, matches: password("đúng")) == .refused)
        }
    }

    @Test("after a lockout runs out, five more wrong passwords lock the user out again", arguments: TestDatabase.all)
    func lockoutRearms(database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withLedger(clock: clock) { ledger in
            _ = try await ledger.createUser(NewUser(username: "thu.quy", displayName: "Thủ quỹ", role: .admin), passwordHash: "hash:đúng")
            for round in 1...3 {
                var answers: [SignIn] = []
                for attempt in 1...5 {
                    answers.append(
                        try await ledger.signIn(
                            username: "thu.quy",
                            token: "x\(round)\(attempt)",
                            csrfToken: "c",
                            lifetime: 60,
                            matches: password("sai")
                        )
                    )
                }
                #expect(answers.prefix(4).allSatisfy { $0 == .refused }, "round \(round)")
                #expect(answers.last == .locked(until: clock.now().addingTimeInterval(15 * 60)), "round \(round)")
                clock.advance(by: 15 * 60 + 1)
            }
        }
    }

    @Test("an unknown username's password is checked against the decoy, as a known one's is against its hash", arguments: TestDatabase.all)
    func unknownUserChecksDecoy(database: TestDatabase) async throws {
        try await database.withLedger { ledger in
            _ = try await ledger.createUser(NewUser(username: "thu.quy", displayName: "Thủ quỹ", role: .admin), passwordHash: "hash:đúng")
            let checked = Checked()
            let answer = try await ledger.signIn(username: "không.có", token: "t", csrfToken: "c", lifetime: 60, decoy: "decoy-hash") {
                checked.append($0)
                return false
            }
            #expect(answer == .refused)
            #expect(checked.values == ["decoy-hash"])
        }
    }
}

/// The hashes a sign-in checked a password against.
private final class Checked: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ value: String) { lock.withLock { stored.append(value) } }
    var values: [String] { lock.withLock { stored } }
}
