import Accounts
import Ledger

/// One person to sign in as for each role of the demo, with a password made for this run.
enum DemoPeople {
    /// A person as the demo prints them: the password exists only here.
    struct Person: Sendable {
        var username: String
        var password: String
        var displayName: String
        /// The role as people say it: "market board".
        var role: String
        /// Whose records they work on: "Chợ Điện Biên".
        var scopeName: String
        /// The page they land on after signing in.
        var page: String
    }

    /// Makes (or finds, and gives a new password) the demo's people of Phường Điện Biên and its
    /// province: a market board, a bursar, a commune officer and a province officer.
    static func make(in ledger: Ledger, province: DemoProvince.Loaded) async throws -> [Person] {
        let first = province.communes[0]
        let people: [(NewUser, role: String, scope: String, page: String)] = [
            (
                NewUser(username: "cho.dienbien", displayName: "Nguyễn Thị Hoà", role: .unit, scopeId: first.market.id),
                "market board", first.market.name, "/markets/\(first.market.id)"
            ),
            (
                NewUser(username: "thuquy.dienbien", displayName: "Trần Thu Hà", role: .unit, scopeId: first.school.id),
                "bursar", first.school.name, "/units/\(first.school.id)"
            ),
            (
                NewUser(username: "canbo.dienbien", displayName: "Lê Minh Tuấn", role: .commune, scopeId: first.commune.id),
                "commune officer", first.commune.name, "/communes/\(first.commune.id)"
            ),
            (
                NewUser(username: "so.thanhhoa", displayName: "Phạm Quang Huy", role: .province, scopeId: first.commune.provinceId),
                "province officer", DemoProvince.province, "/provinces/\(first.commune.provinceId)"
            ),
        ]
        var made: [Person] = []
        for (new, role, scope, page) in people {
            let password = GeneratedPassword.generate()
            let hash = try PasswordHash(password: password).description
            if let existing = try await ledger.user(named: new.username) {
                _ = try await ledger.resetPassword(of: existing.id, passwordHash: hash)
            } else {
                _ = try await ledger.createUser(new, passwordHash: hash)
            }
            made.append(
                Person(username: new.username, password: password, displayName: new.displayName, role: role, scopeName: scope, page: page)
            )
        }
        return made
    }
}
