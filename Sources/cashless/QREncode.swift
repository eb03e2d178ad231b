import ArgumentParser
import Printing
import QRCode
import Roster
import Rules
import VietQR

/// `cashless qr encode`: a VietQR payload from the account it pays into.
struct QREncode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Print the VietQR payload for an account or card, or its QR image or placard.",
        discussion: """
            Text fields are folded to ASCII as EMV requires ("Học phí tháng 9" → "Hoc phi thang 9"); \
            a name with diacritics is also kept as written in tag 64 (Vietnamese).
            Without --amount the code is static (for many payments), with it dynamic (for one).
            --format text prints the payload and a newline; png and svg write the QR code; pdf writes \
            a placard (heading, QR code, --name, --store as stall code, bank, account and --holder).
            """
    )

    @Option(help: "The bank: a BIN (970436) or a short name or code (Vietcombank, VCB).")
    var bank: String

    @Option(help: "The account number, or the card number with --card.")
    var account: String

    @Flag(help: "The number is a card number (service QRIBFTTC) rather than an account (QRIBFTTA).")
    var card = false

    @Option(help: "A fixed amount in whole đồng, such as 150000 or 1.250.000.")
    var amount: String?

    @Option(help: "Transfer content the payer's bank app pre-fills (62/08), at most 25 characters.")
    var purpose: String?

    @Option(help: "Bill number (62/01).")
    var bill: String?

    @Option(help: "Reference label (62/05).")
    var reference: String?

    @Option(help: "Store label (62/03), such as a stall code.")
    var store: String?

    @Option(help: "Terminal label (62/07).")
    var terminal: String?

    @Option(help: "Merchant name (59), at most 25 characters once folded to ASCII.")
    var name: String?

    @Option(help: "Merchant city (60), at most 15 characters once folded to ASCII.")
    var city: String?

    @Flag(help: "Reusable code (01 = 11) or one-payment code (01 = 12); default: static without --amount, dynamic with it.")
    var initiation: Payload.Initiation?

    @Option(help: "What to write: text (the payload), png, svg or pdf (a placard).")
    var format: Format = .text

    @Option(name: .shortAndLong, help: ArgumentHelp("File to write; standard output when absent.", valueName: "FILE"))
    var output: String?

    @Option(help: "PNG pixels per QR module (1–64).")
    var scale: Int = 8

    @Option(help: "Placard size for --format pdf: a6 or a5.")
    var size: PlacardSize = .a6

    @Option(help: "Account holder's name printed on the placard (as the bank shows it); default: --name.")
    var holder: String?

    @OptionGroup var banks: BankOptions

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, png, svg, pdf }

    func validate() throws {
        if format == .png, !QRMatrix.scaleRange.contains(scale) {
            throw ValidationError(
                "--scale: \(scale) pixels per module is out of range (\(QRMatrix.scaleRange.lowerBound)–\(QRMatrix.scaleRange.upperBound))"
            )
        }
        if format == .pdf, name == nil {
            throw ValidationError("--format pdf: a placard needs the stall holder's --name")
        }
    }

    func run() throws {
        let directory = try banks.load()
        var problems: [String] = []
        var bin = bank
        do {
            bin = try BankAccount.bank(bank, in: directory).bin
        } catch  where error.code == .unknownBank && bank.count == 6 && bank.allSatisfy(\.isASCIIDigit) {
            // A BIN the directory does not know: check() warns.
        } catch {
            problems.append("--bank: \(error.reason)")
        }
        // The account as text first, by the rule every door applies (a control character, a
        // text-direction override): the reason names the character rather than echoing it.
        let account = Text.clean(self.account)
        let accountRefusal = Text.check(account, limit: StallList.Column.account.limit)
        if let accountRefusal { problems.append("\(option(for: Payload.Field.account.tag)): \(accountRefusal.reason)") }
        var fixedAmount: UInt64?
        if let amount {
            do {
                fixedAmount = try Amount.parse(amount)
            } catch {
                problems.append("--amount: \(error.reason)")
            }
        }
        let payload = Payload(
            bankBIN: bin,
            account: account,
            service: card ? .card : .account,
            initiation: initiation,
            amount: fixedAmount,
            merchantName: name,
            merchantCity: city,
            billNumber: bill,
            store: store,
            reference: reference,
            terminal: terminal,
            purpose: purpose
        )
        var warnings: [String] = []
        let bankReported = !problems.filter { $0.hasPrefix("--bank") }.isEmpty
        for problem in payload.check(banks: directory)
        where !(bankReported && problem.tag == Payload.Field.bankBIN.tag)
            && !(accountRefusal != nil && problem.tag == Payload.Field.account.tag)
        {
            let line = "\(option(for: problem.tag)): \(problem.message)"
            if problem.severity == .error { problems.append(line) } else { warnings.append(line) }
        }
        guard problems.isEmpty, let text = try? payload.encoded() else {
            for line in problems { printError("error: " + line) }
            throw ExitCode.badInput
        }
        for line in warnings { printError("warning: " + line) }
        try write(text, payload: payload, bank: directory[bin: bin])
    }

    private func write(_ text: String, payload: Payload, bank: Bank?) throws {
        switch format {
        case .text:
            if let output { try OutputFile.write(Array((text + "\n").utf8), to: output) } else { print(text) }
        case .png:
            try OutputFile.write(try QRMatrix(encoding: text).png(scale: scale), to: output)
        case .svg:
            try OutputFile.write(Array(try QRMatrix(encoding: text).svg().utf8), to: output)
        case .pdf:
            let placard = Placard(
                stallCode: store ?? "",
                holderName: name ?? "",
                bankShortName: bank?.shortName ?? payload.bankBIN,
                account: payload.account,
                accountHolder: holder ?? name ?? "",
                payload: text,
                amount: payload.effectiveInitiation == .dynamic ? payload.amount : nil
            )
            try OutputFile.write(try placard.pdf(size: size), to: output)
        }
    }

    /// The option a problem's tag path comes from.
    private func option(for tag: String?) -> String {
        switch tag.flatMap(Payload.Field.init(tag:)) {
        case .bankBIN?: "--bank"
        case .account?: card ? "--account (card number)" : "--account"
        case .initiation?: "--static/--dynamic"
        case .amount?: "--amount"
        case .merchantName?, .alternateName?: "--name"
        case .merchantCity?, .alternateCity?: "--city"
        case .billNumber?: "--bill"
        case .store?: "--store"
        case .reference?: "--reference"
        case .terminal?: "--terminal"
        case .purpose?: "--purpose"
        case .additionalData?: "--bill/--store/--reference/--terminal/--purpose"
        case .alternateLanguage?, nil: "payload"
        }
    }
}

extension Payload.Initiation: EnumerableFlag {}

extension PlacardSize: ExpressibleByArgument {}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
