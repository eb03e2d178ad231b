import Accounts
import ArgumentParser
import Ledger

extension AdminCommand {
    /// `cashless admin disable-user --username hoa.nt`: they may no longer sign in, and every
    /// session of theirs ends at once, on every server.
    struct DisableUser: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disable-user",
            abstract: "Stop a user signing in to the pages; every session of theirs ends at once."
        )

        @Option(help: "What they type to sign in.")
        var username: String

        @OptionGroup var options: ServiceOptions

        func run() async throws {
            let user = try await options.withLedger { ledger in
                try await ledger.disableUser(try await named(username, in: ledger).id)
            }
            print("user \(user.username) is disabled; their sessions ended")
        }
    }

    /// `cashless admin enable-user --username hoa.nt`: a disabled user may sign in again.
    struct EnableUser: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enable-user",
            abstract: "Let a disabled user sign in to the pages again."
        )

        @Option(help: "What they type to sign in.")
        var username: String

        @OptionGroup var options: ServiceOptions

        func run() async throws {
            let user = try await options.withLedger { ledger in
                try await ledger.enableUser(try await named(username, in: ledger).id)
            }
            print("user \(user.username) can sign in again")
        }
    }

    /// `cashless admin reset-password --username hoa.nt`: a new password, printed once.
    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password",
            abstract: "Give a user a new password, made here and printed once (only the password, on standard output).",
            discussion:
                "The old password stops working and every session of the user ends. Hand the new password to the person; it is stored only as its hash."
        )

        @Option(help: "What they type to sign in.")
        var username: String

        @OptionGroup var options: ServiceOptions

        func run() async throws {
            let password = GeneratedPassword.generate()
            let hash = try PasswordHash(password: password).description
            _ = try await options.withLedger { ledger in
                try await ledger.resetPassword(of: try await named(username, in: ledger).id, passwordHash: hash)
            }
            print(password)
        }
    }
}

/// The user who signs in as `username`, or a CLI error naming it.
private func named(_ username: String, in ledger: Ledger) async throws -> User {
    guard let user = try await ledger.user(named: username) else { throw CLIError("--username: there is no user '\(username)'") }
    return user
}
