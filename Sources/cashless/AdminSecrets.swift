import ArgumentParser
import Operations

extension AdminCommand {
    /// `cashless admin seal-secrets`: seals the webhook secrets stored in plain text before they
    /// were sealed (a server does the same when it starts).
    struct SealSecrets: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "seal-secrets",
            abstract: "Seal the units' webhook secrets still stored in plain text (AES-256-GCM under <data>/keys/hook-secrets.key).",
            discussion:
                "The key file is made when none exists and the database holds no secret sealed under another key. Every server of a deployment needs the same file; `cashless serve` does this too when it starts."
        )

        @OptionGroup var options: ServiceOptions

        func run() async throws {
            let secrets = HookSecrets(keys: KeyStore(dataDirectory: try options.settings().dataDirectory))
            let sealed = try await options.withLedger { ledger in
                do {
                    return try await secrets.sealPlainSecrets(ledger: ledger)
                } catch let error as HookSecretError {
                    throw CLIError(error.description)
                }
            }
            print("\(sealed) webhook secret\(sealed == 1 ? "" : "s") sealed under \(secrets.file.path)")
        }
    }
}
