import ArgumentParser
import Foundation
import Printing
import Roster
import VietQR

/// `cashless sheet`: one PDF with a placard for every stall of a market, from its survey CSV.
struct SheetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheet",
        abstract: "Print a market's placards (one PDF, sorted by stall) from its stall list.",
        discussion: """
            The CSV (UTF-8, comma or semicolon) has a header row with the columns Quầy, Họ tên, \
            Ngân hàng, Số tài khoản, Chủ tài khoản (or stall, name, bank, account, holder). \
            Every bad row is reported with its line and column, and then no PDF is written.
            Works offline: no server is needed.
            """
    )

    @Option(help: ArgumentHelp("The market's stall list.", valueName: "FILE.csv"))
    var vendors: String

    @Option(help: "The market's name, printed in each page's footer, such as 'Chợ Điện Biên'.")
    var market: String

    @Option(name: .shortAndLong, help: ArgumentHelp("The PDF to write.", valueName: "FILE.pdf"))
    var output: String

    @Option(help: "Placards per A4 page: 1, 2, 4 or 8 (default: 4 for --size a6, 2 for --size a5).")
    var perPage: Int?

    @Option(help: "Placard size, a6 (4 to a page) or a5 (2 to a page); --per-page overrides it.")
    var size: PlacardSize?

    @OptionGroup var banks: BankOptions

    func validate() throws {
        if let perPage, MarketSheet.PlacardsPerPage(rawValue: perPage) == nil {
            throw ValidationError("--per-page: 1, 2, 4 or 8 placards fit an A4 page (got \(perPage))")
        }
        if market.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--market: the market's name is empty")
        }
    }

    func run() throws {
        let directory = try banks.load()
        guard let data = FileManager.default.contents(atPath: vendors) else {
            throw CLIError("cannot read \(vendors)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIError("\(vendors) is not UTF-8 text; save it from the spreadsheet as CSV UTF-8")
        }
        let stalls: [StallEntry]
        do {
            stalls = try StallList.read(text, banks: directory)
        } catch {
            for problem in error.problems { printError("error: \(vendors): \(problem)") }
            throw ExitCode.badInput
        }
        var placards: [Placard] = []
        for stall in stalls {
            do {
                placards.append(
                    try Placard(
                        stallCode: stall.stall,
                        holderName: stall.name,
                        accountHolder: stall.holder,
                        bank: stall.bank,
                        payload: stall.payload
                    )
                )
            } catch {
                for problem in error.problems {
                    printError("error: \(vendors): line \(stall.line): \(problem.message)")
                }
                throw ExitCode.badInput
            }
        }
        let layout = perPage.flatMap(MarketSheet.PlacardsPerPage.init(rawValue:)) ?? (size == .a5 ? .two : .four)
        let sheet = MarketSheet(market: market.trimmingCharacters(in: .whitespaces), placards: placards, perPage: layout)
        let showProgress = placards.count > 100
        let pdf: [UInt8]
        do {
            pdf = try sheet.pdf { progress in
                if showProgress, progress.pagesDone % 10 == 0 || progress.pagesDone == progress.pageCount {
                    printError("sheet: page \(progress.pagesDone)/\(progress.pageCount) (\(progress.placardsDone)/\(progress.placardCount) stalls)")
                }
            }
        } catch {
            throw CLIError("\(vendors): \(error)")
        }
        try OutputFile.write(pdf, to: output)
        printError("wrote \(output): \(placards.count) stalls, \(sheet.pageCount) pages, \(pdf.count / 1024) KB")
    }
}
