import Accounts
import ArgumentParser
import Foundation
import Ledger

/// `cashless admin`: administration on the configured database.
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Administer the service's database (the same settings as `cashless serve`).",
        subcommands: [
            CreateKey.self, CreateUser.self, DisableUser.self, EnableUser.self, ResetPassword.self, Check.self, SealSecrets.self,
        ]
    )

    /// `cashless admin create-key --role admin|commune|unit|province [--scope ID]`: prints only the key.
    struct CreateKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-key",
            abstract: "Create an API key and print it (only the key, once; it is stored as a hash)."
        )

        @Option(help: "admin (everything), commune (reads one commune), unit (manages one unit) or province (reads every commune of one province).")
        var role: APIKey.Role

        @Option(help: "The commune (role commune), unit (role unit) or province (role province) id the key is limited to.")
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

extension AdminCommand {
    /// `cashless admin create-user --username hoa.nt --name "Nguyễn Thị Hoà" --role unit --scope 1`:
    /// a person who signs in to the pages; the password is read from standard input (one line).
    struct CreateUser: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-user",
            abstract: "Create a user of the web pages; the password is read from standard input.",
            discussion:
                "Example: printf '%s\\n' \"$PASSWORD\" | cashless admin create-user --username hoa.nt --name \"Nguyễn Thị Hoà\" --role unit --scope 1"
        )

        @Option(help: "What they type to sign in: lowercase letters, digits, '.', '-', '_'.")
        var username: String

        @Option(help: "Their name as the pages greet them.")
        var name: String

        @Option(help: "admin, commune, unit or province, as for API keys.")
        var role: APIKey.Role

        @Option(help: "The commune (role commune), unit (role unit) or province (role province) id they work for.")
        var scope: Int64?

        @OptionGroup var options: ServiceOptions

        func run() async throws {
            guard let password = readLine(strippingNewline: true), password.count >= 10 else {
                throw CLIError("the password (on standard input) must have at least 10 characters")
            }
            let hash = try PasswordHash(password: password).description
            let user = try await options.withLedger { ledger in
                do {
                    return try await ledger.createUser(
                        NewUser(username: username, displayName: name, role: role, scopeId: scope),
                        passwordHash: hash
                    )
                } catch let error as LedgerError {
                    throw CLIError(CreateKey.describe(error))
                }
            }
            print("user \(user.username) (\(user.role.rawValue)\(user.scopeId.map { " of \($0)" } ?? "")) can sign in")
        }
    }
}

extension APIKey.Role: ExpressibleByArgument {}
