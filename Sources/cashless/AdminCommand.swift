import ArgumentParser
import Ledger

/// `cashless admin`: administration on the configured database.
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Administer the service's database (the same settings as `cashless serve`).",
        subcommands: [CreateKey.self]
    )

    /// `cashless admin create-key --role admin|commune|unit [--scope ID]`: prints only the key.
    struct CreateKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-key",
            abstract: "Create an API key and print it (only the key, once; it is stored as a hash)."
        )

        @Option(help: "admin (everything), commune (reads one commune) or unit (manages one unit).")
        var role: APIKey.Role

        @Option(help: "The commune (role commune) or unit (role unit) id the key is limited to.")
        var scope: Int64?

        @OptionGroup var options: ServiceOptions

        func run() async throws {
            let issued = try await options.withLedger { ledger in
                do {
                    return try await ledger.createKey(role: role, scopeId: scope)
                } catch let error as LedgerError {
                    throw CLIError(Self.describe(error))
                }
            }
            print(issued.secret)
        }

        static func describe(_ error: LedgerError) -> String {
            switch error {
            case let .invalid(problems): problems.map { "--\($0.field == "scopeId" ? "scope" : $0.field): \($0.reason)" }.joined(separator: "\n")
            case let .invalidReference(problem): "--scope: \(problem.reason)"
            default: "\(error)"
            }
        }
    }
}

extension APIKey.Role: ExpressibleByArgument {}
