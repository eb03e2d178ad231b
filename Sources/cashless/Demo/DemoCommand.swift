import ArgumentParser
import Foundation
import Ledger
import Operations

/// `cashless demo`: a demo province a newcomer can walk through, with a person to sign in as for
/// each role.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract:
            "Load a demo province: Thanh Hóa with five communes (Phường Điện Biên with Chợ Điện Biên: 100 stalls, 70 displaying their code), their markets, schools and clinics, twelve months of history, bills with payer's links, and one person to sign in as for each role.",
        discussion: """
            Running it again adds no data; it gives the demo people new passwords, printed once \
            (each is stored only as its hash). Sign in at the printed address with a printed name \
            and password: each person lands on their own page.
            """
    )

    @OptionGroup var options: ServiceOptions

    func run() async throws {
        let banks = try options.banks.load()
        let settings = try options.settings()
        let keys = KeyStore(dataDirectory: settings.dataDirectory)
        let clock = DemoClock()
        let now: @Sendable () -> Date = { clock.now }
        let summary = try await options.withLedger(clock: now) { ledger in
            let province = try await DemoProvince.load(into: ledger, banks: banks, keys: keys, clock: clock, progress: { print($0) })
            let people = try await DemoPeople.make(in: ledger, province: province)
            return DemoSummary(province: province, people: people, publicURL: settings.resolvedPublicURL)
        }
        print(summary.text)
    }
}

/// What the demo prints: what it loaded, who to sign in as and where, and two payer's links.
struct DemoSummary: Sendable {
    let province: DemoProvince.Loaded
    let people: [DemoPeople.Person]
    let publicURL: String

    var text: String {
        var lines = [
            "Demo loaded: \(province.summary)",
            "",
            "Sign in at \(publicURL)/login as one of these people (each password is shown this once; run `cashless demo` again for new ones):",
        ]
        let width = people.map(\.username.count).max() ?? 0
        for person in people {
            lines.append(
                "  \(person.username.padding(toLength: width, withPad: " ", startingAt: 0))  \(person.password)  "
                    + "\(person.role): \(person.displayName), \(person.scopeName) → \(publicURL)\(person.page)"
            )
        }
        lines.append("")
        lines.append("A payer's link (no sign-in), as a parent gets it: unpaid \(PayerLink.url(province.unpaidLink, publicURL: publicURL))")
        lines.append("                                                  paid   \(PayerLink.url(province.paidLink, publicURL: publicURL))")
        return lines.joined(separator: "\n")
    }
}
