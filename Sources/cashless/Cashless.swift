import ArgumentParser
import Foundation

/// `cashless`: VietQR payment codes for a commune going cashless.
@main
struct Cashless: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cashless",
        abstract: "VietQR payment codes and the bank directory, for a commune going cashless.",
        discussion: """
            Exit status: 0 on success, 1 when a decoded payload is invalid, 2 on bad input \
            (one line on standard error per problem).
            """,
        subcommands: [
            QRCommand.self, SheetCommand.self, ReceiptCommand.self, KeysCommand.self, TrustListCommand.self, BanksCommand.self, ServeCommand.self,
            AdminCommand.self,
            DemoCommand.self,
        ]
    )

    /// Like ArgumentParser's own `main`, but every kind of bad input exits with status 2.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as CLIError {
            printError("error: \(error)")
            exit(withError: ExitCode.badInput)
        } catch {
            let code = exitCode(for: error)
            guard code == .validationFailure else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            exit(withError: ExitCode.badInput)
        }
    }
}

extension ExitCode {
    /// A payload that decoded with errors.
    static let invalidPayload = ExitCode(1)
    /// The input (options, arguments, files) is wrong; nothing was written to standard output.
    static let badInput = ExitCode(2)
}

/// Writes one line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
