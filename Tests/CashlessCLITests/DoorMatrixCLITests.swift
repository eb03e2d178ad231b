import BadValues
import Foundation
import ReadBack
import Rules
import Testing
import VietQR

/// The command-line doors of the door × value matrix (the HTTP doors are in
/// `Tests/CashlessServerTests/DoorMatrixTests.swift`): every bad value of the catalogue
/// (`Tests/BadValues`) of the kinds a command takes is refused by the built `cashless` with
/// exit status 2, nothing on standard output, nothing written, and the reason the rules
/// (`Sources/Rules`) give for it, the same rules that give the HTTP doors their codes; the good
/// twins get through.
///
/// A NUL cannot reach a command through its arguments: `execve` passes each argument as a C string,
/// which ends at the first NUL (the `qr encode` doors would see "0011" and "VCB", both fine). The
/// NUL cases are therefore tried through the file door (`sheet`) only.
@Suite("One rule set behind every door: the command line")
struct DoorMatrixCLITests {
    /// `qr encode` with a good bank and account; each test adds or replaces the option it tries.
    static func encode(bank: String = "970436", account: String = BadValues.goodAccount, _ more: [String] = []) -> [String] {
        // `--option=value`, so that a value starting with '-' is not taken for an option.
        ["qr", "encode", "--bank=" + bank, "--account=" + account] + more
    }

    /// The bank directory the built `cashless` reads (`Config/banks.json` of this checkout).
    static let banks: BankDirectory = {
        let config = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Config/banks.json")
        return try! BankDirectory(json: Data(contentsOf: config))
    }()

    /// The refusal `rule` throws, or nil when it takes the value.
    static func refusal<Value>(_ rule: () throws(Refusal) -> Value) -> Refusal? {
        do {
            _ = try rule()
            return nil
        } catch {
            return error
        }
    }

    /// Why the rules refuse `written` as an account number at Vietcombank, as every door checks
    /// it: first as text (``Rules/Text``, 40 characters as for a stall's account), then as what
    /// VietQR carries (``Rules/BankAccount/check(_:bin:card:)``).
    static func accountRefusal(_ written: String) -> Refusal? {
        let account = Text.clean(written)
        if account.isEmpty { return Refusal(.required, "the account number is empty") }
        return Text.check(account, limit: 40) ?? BankAccount.check(account, bin: "970436")
    }

    static func hasNUL(_ bad: BadValues.Case) -> Bool { bad.value.unicodeScalars.contains("\u{0}") }

    // MARK: qr encode

    @Test("qr encode --amount: each bad amount exits 2 with the reason Amount.parse gives", arguments: BadValues.amounts)
    func amount(_ bad: BadValues.Case) throws {
        let refusal = try #require(Self.refusal { () throws(Refusal) in try Amount.parse(bad.value) })
        #expect(refusal.code.rawValue == bad.code, "the rules give the catalogue's code")
        let result = try CLI.runArguments(Self.encode(["--amount=" + bad.value]))
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines == ["error: --amount: \(refusal.reason)"])
    }

    @Test("qr encode --amount: each good amount gives the same payload, 1250000 in tag 54", arguments: BadValues.goodAmounts)
    func goodAmount(_ written: String) throws {
        let expected = try Payload(bankBIN: "970436", account: BadValues.goodAccount, amount: 1_250_000).encoded()
        #expect(expected.contains("54071250000"))
        let result = try CLI.runArguments(Self.encode(["--amount=" + written]))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == expected + "\n")
        #expect(result.stderr.isEmpty)
    }

    // "999999" is left out: `qr encode` deliberately takes a 6-digit BIN the directory does not know,
    // with only a warning (a bank newer than the directory must still get its code; see
    // QREncodeCommandTests.unknownBank). The sheet below refuses it.
    @Test(
        "qr encode --bank: each bad bank exits 2 with the reason BankAccount.bank gives",
        arguments: BadValues.banks.filter { $0.value != "999999" && !DoorMatrixCLITests.hasNUL($0) }
    )
    func bank(_ bad: BadValues.Case) throws {
        let refusal = try #require(Self.refusal { () throws(Refusal) in try BankAccount.bank(bad.value, in: Self.banks) })
        #expect(refusal.code.rawValue == bad.code, "the rules give the catalogue's code")
        let result = try CLI.runArguments(Self.encode(bank: bad.value))
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines == ["error: --bank: \(refusal.reason)"])
    }

    @Test(
        "qr encode --account: each bad account exits 2 with the reason the rules give",
        arguments: BadValues.accounts.filter { !DoorMatrixCLITests.hasNUL($0) }
    )
    func account(_ bad: BadValues.Case) throws {
        let refusal = try #require(Self.accountRefusal(bad.value))
        #expect(refusal.code.rawValue == bad.code, "the rules give the catalogue's code")
        let result = try CLI.runArguments(Self.encode(account: bad.value))
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        let lines = result.stderrLines
        #expect(lines.first == "error: --account: \(refusal.reason)"[...], "\(lines)")
        #expect(lines.allSatisfy { $0.hasPrefix("error: --account: ") }, "\(lines)")
    }

    // MARK: sheet

    /// One CSV row of quoted cells.
    static func csvRow(_ cells: [String]) -> String {
        cells.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") + "\n"
    }

    static let header = ["Quầy", "Họ tên", "Ngân hàng", "Số tài khoản", "Chủ tài khoản"]

    /// `cashless sheet` on a stall list of a good stall (line 2) and a stall (line 3) whose
    /// `column` holds `value`; its result, and the path of the PDF it was told to write.
    static func sheet(_ column: String, _ value: String) throws -> (CLI.Result, csv: String, pdf: String, ScratchDirectory) {
        let directory = try ScratchDirectory()
        var second = ["Q2", "Trần Văn Đức", "970436", BadValues.goodAccount, "TRAN VAN DUC"]
        second[header.firstIndex(of: column)!] = value
        let text = csvRow(header) + csvRow(["Q1", "Lê Thị Ánh", "Vietcombank", "0011001800880", "LE THI ANH"]) + csvRow(second)
        let csv = directory.url.appendingPathComponent("stalls.csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: csv))
        let pdf = directory.url.appendingPathComponent("sheet.pdf").path
        let result = try CLI.run("sheet", "--vendors", csv, "--market", "Chợ Điện Biên", "--output", pdf)
        return (result, csv, pdf, directory)
    }

    /// The sheet was refused naming line 3 and `column` with `refusal`'s reason, and wrote nothing.
    static func expectRefused(_ column: String, _ bad: BadValues.Case, _ refusal: Refusal) throws {
        #expect(refusal.code.rawValue == bad.code, "the rules give the catalogue's code")
        let (result, csv, pdf, directory) = try sheet(column, bad.value)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines == ["error: \(csv): line 3, column '\(column)': \(refusal.reason)"[...]])
        #expect(!FileManager.default.fileExists(atPath: pdf), "no PDF is written")
        _ = directory
    }

    @Test(
        "sheet: a stall list with a bad name exits 2 naming line 3, column 'Họ tên', and writes no PDF",
        arguments: BadValues.names
    )
    func sheetName(_ bad: BadValues.Case) throws {
        let name = Text.clean(bad.value)
        let refusal = try #require(name.isEmpty ? Refusal(.required, "the stall holder's name is empty") : Text.check(name, limit: 200))
        try Self.expectRefused("Họ tên", bad, refusal)
    }

    @Test(
        "sheet: a stall list with a bad account exits 2 naming line 3, column 'Số tài khoản', and writes no PDF",
        arguments: BadValues.accounts
    )
    func sheetAccount(_ bad: BadValues.Case) throws {
        try Self.expectRefused("Số tài khoản", bad, try #require(Self.accountRefusal(bad.value)))
    }

    @Test(
        "sheet: a stall list with a bad bank (an unknown BIN too) exits 2 naming line 3, column 'Ngân hàng', and writes no PDF",
        arguments: BadValues.banks
    )
    func sheetBank(_ bad: BadValues.Case) throws {
        let refusal = try #require(Self.refusal { () throws(Refusal) in try BankAccount.bank(bad.value, in: Self.banks) })
        try Self.expectRefused("Ngân hàng", bad, refusal)
    }

    @Test("sheet: the good name, typed decomposed, is written and printed precomposed")
    func sheetGoodName() throws {
        let (result, _, pdf, directory) = try Self.sheet("Họ tên", BadValues.goodName)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(": 2 stalls, 1 pages"))
        #expect(FileManager.default.fileExists(atPath: pdf))
        let text = try Poppler.text(pdfAt: pdf).joined(separator: "\n")
        // Compared scalar by scalar: String's == and contains would take the decomposed name too.
        let stored = Array(BadValues.goodNameStored.unicodeScalars)
        let printed = Array(text.unicodeScalars)
        #expect(printed.indices.contains { printed[$0...].starts(with: stored) }, "\(text)")
        _ = directory
    }
}
