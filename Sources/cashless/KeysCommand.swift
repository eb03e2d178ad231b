import ArgumentParser
import Foundation
import Ledger
import Operations
import Receipts
import Rules

/// `cashless keys`: the keys units seal receipts with.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Make, import or revoke a unit's receipt-sealing key (the same settings as `cashless serve`).",
        discussion: """
            The private key is written to <data directory>/keys/<kid>.pem, readable by its owner only \
            (encrypted when CASHLESS_KEY_PASSPHRASE is set); the public key goes into the trust list. \
            The new key becomes the unit's active key; the one before it stays verify-only for good. \
            Prints the new key's kid. The deployment's root key (keys/root.pem), which signs the trust \
            list, is made by the first of these commands or of `cashless serve`, and recorded in the database.
            """,
        subcommands: [Generate.self, Import.self, Revoke.self]
    )

    /// `cashless keys generate --unit ID [--alg ed25519|es256]`.
    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "generate", abstract: "Make a new key for a unit.")

        @Option(help: "The unit (school, clinic, market…) the key seals for.")
        var unit: Int64

        @Option(help: "ed25519 (the default) or es256 (ECDSA P-256).")
        var alg: SignatureAlgorithm = .ed25519

        @OptionGroup var options: ServiceOptions

        func run() async throws {
            print(try await register(try SigningKey.generate(alg), unit: unit, options: options))
        }
    }

    /// `cashless keys import --unit ID FILE [--password TEXT]`.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Use a key the unit already holds: a PEM private key or a PKCS#12 file (.p12, .pfx) of its certificate."
        )

        @Option(help: "The unit the key seals for.")
        var unit: Int64

        @Argument(help: "The key file: PEM, or PKCS#12 (.p12, .pfx).")
        var file: String

        @Option(help: "The password of the PKCS#12 file or of an encrypted PEM key.")
        var password: String?

        @OptionGroup var options: ServiceOptions

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("\(file): cannot read the file") }
            let bytes = Array(data)
            let key: SigningKey
            do {
                if bytes.starts(with: Array("-----BEGIN".utf8)) {
                    key = try SigningKey(pem: String(decoding: bytes, as: UTF8.self), password: password)
                } else {
                    key = try SigningKey(pkcs12: bytes, password: password ?? "")
                }
            } catch {
                throw CLIError("\(file): \(error)")
            }
            print(try await register(key, unit: unit, options: options))
        }
    }

    /// `cashless keys revoke KID [--reason compromised|superseded] [--at TIME]`.
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract: "Revoke a unit's key: it seals nothing more, and seals dated at or after the revocation are refused.",
            discussion: """
                A revocation is kept for good. Revoking a revoked key again only widens it: an earlier \
                --at moves its time back, compromised replaces superseded; anything else changes nothing. \
                A seal dated before the time stands (for compromised, the server's verifier also checks \
                that it holds that very seal). An active key leaves its unit without one: make a new one \
                with `cashless keys generate`. Prints the key as it stands.
                """
        )

        @Argument(help: "The key's kid (16 hex digits, as the trust list shows it).")
        var kid: String

        @Option(help: "compromised (the default: its private key may be in other hands) or superseded (withdrawn in good order).")
        var reason: String?

        @Option(
            help: ArgumentHelp(
                "From when: now by default, or a time past (a compromise found late), ISO 8601 (2026-11-20T08:00:00+07:00; without an offset, Vietnam time).",
                valueName: "time"
            )
        )
        var at: String?

        @OptionGroup var options: ServiceOptions

        func run() async throws {
            let store = KeyStore(dataDirectory: try options.settings().dataDirectory)
            let key = try await options.withLedger { ledger in
                _ = try await RootKey.establish(store: store, ledger: ledger)
                let revoked: IssuerKey?
                do {
                    revoked = try await KeyRevocation.revoke(kid: kid, reason: reason, at: at, by: "cli", ledger: ledger)
                } catch let problem as FieldProblem {
                    throw CLIError("--\(problem.field): \(problem.reason)")
                } catch LedgerError.invalid(let problems) {
                    throw CLIError(problems.map { "--\($0.field): \($0.reason)" }.joined(separator: "\n"))
                }
                guard let revoked else { throw CLIError("no key has the kid '\(kid)' (the trust list shows every kid)") }
                return revoked
            }
            var line = "\(key.kid) revoked (\(key.revocationReason?.rawValue ?? "")) from \(key.revokedAt?.vietnamISO8601 ?? "")"
            line += ", unit \(key.unitId)"
            print(line)
        }
    }

    /// Stores `key` in the key store and registers its public half as the unit's active key.
    static func register(_ key: SigningKey, unit: Int64, options: ServiceOptions) async throws -> String {
        let store = KeyStore(dataDirectory: try options.settings().dataDirectory)
        return try await options.withLedger { ledger in
            _ = try await RootKey.establish(store: store, ledger: ledger)
            do {
                _ = try await ledger.unit(unit)
            } catch LedgerError.notFound {
                throw CLIError("--unit: there is no unit \(unit)")
            }
            let file = try store.save(key)
            do {
                _ = try await ledger.addSigningKey(
                    unit: unit,
                    kid: key.publicKey.kidHex,
                    alg: key.algorithm.rawValue,
                    publicKeyPem: key.publicKey.pem
                )
            } catch {
                // A key the ledger does not know seals nothing: leave no private key file behind.
                try? FileManager.default.removeItem(at: file)
                throw error
            }
            return key.publicKey.kidHex
        }
    }
}

extension SignatureAlgorithm: ExpressibleByArgument {
    public init?(argument: String) {
        guard let algorithm = Self.allCases.first(where: { $0.commandName == argument.lowercased() }) else { return nil }
        self = algorithm
    }

    public static var allValueStrings: [String] { allCases.map(\.commandName) }
}

/// `cashless trust-list export`: the signed trust list, as `GET /v1/trust-list` gives it.
struct TrustListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trust-list",
        abstract: "The deployment's signed list of receipt-sealing keys.",
        subcommands: [Export.self]
    )

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Print (or write) the trust list, signed with the deployment's root key (made on first use)."
        )

        @Option(name: .shortAndLong, help: "Write it to this file instead of standard output.")
        var output: String?

        @OptionGroup var options: ServiceOptions

        func run() async throws {
            let store = KeyStore(dataDirectory: try options.settings().dataDirectory)
            let json = try await options.withLedger { ledger in
                try await trustList(ledger: ledger, root: try await RootKey.establish(store: store, ledger: ledger)).json()
            }
            if let output {
                guard FileManager.default.createFile(atPath: output, contents: Data(json)) else { throw CLIError("--output: cannot write \(output)") }
            } else {
                print(String(decoding: json, as: UTF8.self))
            }
        }
    }
}
