import ArgumentParser
import Foundation
import Printing
import Receipts

/// `cashless receipt`: e-receipts and their seals.
struct ReceiptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipt",
        abstract: "Check signed e-receipts.",
        subcommands: [ReceiptVerify.self]
    )
}

/// `cashless receipt verify`: checks a receipt's seal offline against a trust list.
struct ReceiptVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a receipt's seal offline: who issued it, what it says, whether it still stands.",
        discussion: """
            The receipt is its seal's text (BL1:…), or a PNG/JPEG photo or PDF of the receipt, whose \
            seal QR code is read with zbarimg (and pdftoppm for a PDF). Verdicts: valid, bad_signature, \
            unknown_key, revoked_key, outside_validity, replaced, malformed. Exit status 0 only for valid, \
            1 for any other verdict, 2 for bad input (a missing file, a trust list whose signature fails, \
            a trust list too old). A trust list made more than 7 days ago gets a warning on standard \
            error, and one more than --max-trust-age days ago (30 by default) is refused: a key revoked \
            since would not be in it; fetch a fresh one. Every file may be a pipe (--trust <(curl …)) \
            or '-', standard input, which only one of them can be.
            """
    )

    @Argument(help: "The seal text (BL1:…), or a receipt image (.png, .jpg) or PDF; - reads either from standard input.")
    var receipt: String

    @Option(help: ArgumentHelp("The trust list (JSON, from GET /v1/trust-list or `cashless trust-list export`).", valueName: "trust-list.json"))
    var trust: String

    @Option(
        help: ArgumentHelp("The issuer's status list (GET /v1/units/{id}/status-list); may be given several times.", valueName: "status-list.json")
    )
    var status: [String] = []

    @Option(help: ArgumentHelp("The deployment's root public key (PEM): the trust and status lists must be signed by it.", valueName: "root.pem"))
    var root: String?

    @Option(
        help: ArgumentHelp(
            "Refuse a trust list made more than this many days ago (a key revoked since would not be in it).",
            valueName: "days"
        )
    )
    var maxTrustAge: Int = 30

    @Flag(help: "Print one JSON object instead of a summary.")
    var json = false

    /// Past this age a trust list is used with a warning.
    static let trustAgeWarning: TimeInterval = 7 * 86_400

    func validate() throws {
        guard maxTrustAge >= 0 else { throw ValidationError("--max-trust-age: a number of days, 0 or more, not \(maxTrustAge)") }
    }

    func run() throws {
        try InputFile.requireOneStandardInput([receipt, trust, root] + status, names: "the receipt, --trust, --status and --root")
        let pinned = try root.map { path in
            let pem = try InputFile.text(path, option: "--root")
            do {
                return try PublicKey(pem: pem)
            } catch {
                // Bad input like a list that does not parse (exit 2), not a verdict (exit 1).
                throw CLIError("--root: \(InputFile.name(path)): \(error)")
            }
        }
        let trustList = try Self.read(TrustList.self, trust, option: "--trust")
        guard trustList.isSigned(pinned: pinned) else {
            throw CLIError(
                "--trust: \(InputFile.name(trust)): the trust list's signature does not verify\(pinned == nil ? "" : " under --root"): it was changed or is not this deployment's"
            )
        }
        try Self.checkAge(of: trustList, path: trust, maxDays: maxTrustAge, now: Date())
        let statusLists = try status.map { path in
            let list = try Self.read(StatusList.self, path, option: "--status")
            guard list.isSigned(pinned: pinned ?? (try? trustList.signer.publicKey())) else {
                throw CLIError("--status: \(InputFile.name(path)): the status list is not signed by the trust list's root key")
            }
            return list
        }
        let seal = try SealSource.read(receipt)
        let result = SealVerifier(trustList: trustList, statusLists: statusLists).verify(seal)
        print(json ? try Self.json(result) : Self.summary(result), terminator: json ? "\n" : "")
        if result.verdict != .valid { throw ExitCode(1) }
    }

    /// Refuses a trust list made more than `maxDays` days before `now` (or whose time does not
    /// read), as a DCC verifier refuses a list it has not refreshed; warns past 7 days.
    static func checkAge(of list: TrustList, path: String, maxDays: Int, now: Date) throws {
        guard let age = list.age(at: now) else {
            throw CLIError("--trust: \(InputFile.name(path)): the trust list's issuedAt '\(list.issuedAt)' is not an ISO 8601 time")
        }
        let days = Int((age / 86_400).rounded(.down))
        if age > TimeInterval(maxDays) * 86_400 {
            throw CLIError(
                "--trust: \(InputFile.name(path)): the trust list was made \(days) days ago (\(list.issuedAt)), more than \(maxDays): a key revoked since is not in it; fetch a fresh one (GET /v1/trust-list), or allow an older one with --max-trust-age"
            )
        }
        if age > trustAgeWarning {
            printError(
                "warning: --trust: \(InputFile.name(path)): the trust list was made \(days) days ago (\(list.issuedAt)); a key revoked since is not in it: fetch a fresh one"
            )
        }
    }

    /// The trust or status list at `path`. One that does not parse is bad input (exit 2), as a
    /// missing one is: the receipt has not been judged.
    private static func read<List: SignedDocument>(_ type: List.Type, _ path: String, option: String) throws -> List {
        let bytes = try InputFile.bytes(path, option: option)
        do {
            return try List.read(bytes)
        } catch {
            throw CLIError("\(option): \(InputFile.name(path)): \(error)")
        }
    }

    /// What a person reads: the verdict first, then the receipt as issued.
    static func summary(_ result: SealVerifier.Verification) -> String {
        var lines = ["Receipt: \(result.verdict.rawValue)"]
        if let issuer = result.issuer {
            lines.append("  Issuer:   \(issuer.unitName)" + (issuer.taxCode.map { " (MST \($0))" } ?? ""))
            if let address = issuer.address { lines.append("  Address:  \(address)") }
            lines.append("  Key:      \(issuer.kid) (\(issuer.alg.rawValue), \(issuer.status.rawValue))")
            if let revokedAt = issuer.revokedAt {
                lines.append("  Revoked:  from \(revokedAt)" + (issuer.revocationReason.map { " (\($0.rawValue))" } ?? ""))
            }
        }
        if let claims = result.claims {
            lines.append("  Receipt:  \(claims.documentType.formCode ?? "confirmation") \(claims.series) \(Self.number(claims.number))")
            lines.append("  Issued:   \(claims.issuedAt.vietnamISO8601)")
            lines.append("  Payer:    \(claims.payerName)" + (claims.payerReference.map { " (\($0))" } ?? ""))
            lines.append("  Fee:      \(claims.feeLabel)")
            lines.append("  Amount:   \(Amount.formatted(claims.amount)) (\(AmountInWords().dong(claims.amount)))")
            if let supersedes = claims.supersedes {
                let label = supersedes.kind == .replaces ? "Replaces: " : "Adjusts:  "
                lines.append("  \(label)\(supersedes.series) \(Self.number(supersedes.number))")
            }
        }
        lines.append("  Verdict:  \(result.reason)")
        return lines.joined(separator: "\n") + "\n"
    }

    static func number(_ number: Int64) -> String { ReceiptNumbering.padded(number) }

    static func json(_ result: SealVerifier.Verification) throws -> String {
        let report = VerificationReport(result)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }
}
