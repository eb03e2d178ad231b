import ArgumentParser
import VietQR

/// `cashless banks [QUERY]`: the bank directory, filtered.
struct BanksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "banks",
        abstract: "List the banks a VietQR can pay into (BIN, short name, name).",
        discussion: "The query matches BINs, short names, codes and names, ignoring case and diacritics."
    )

    @Argument(help: "Text to look for, such as 'vietin', 'VCB' or '9704'.")
    var query: String = ""

    @OptionGroup var banks: BankOptions

    func run() throws {
        let matches = try banks.load().search(query)
        guard !matches.isEmpty else {
            printError("no bank matches '\(query)'")
            throw ExitCode.failure
        }
        let width = matches.map(\.shortName.count).max() ?? 0
        for bank in matches {
            print(bank.bin + "  " + bank.shortName.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + bank.name)
        }
    }
}
