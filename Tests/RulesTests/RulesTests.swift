import BadValues
import Foundation
import Rules
import Testing
import VietQR

@Suite("The rules every door applies")
struct RulesTests {
    static let banks: BankDirectory = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Config/banks.json")
        return try! BankDirectory(json: Data(contentsOf: url))
    }()

    @Test("a written amount that is not whole đồng gets its code", arguments: BadValues.amounts)
    func badAmount(_ bad: BadValues.Case) {
        #expect(throws: Refusal.self) { try Amount.parse(bad.value) }
        do {
            _ = try Amount.parse(bad.value)
        } catch {
            #expect(error.code.rawValue == bad.code)
        }
    }

    @Test("1.250.000, 1,250,000, 1250000 đ and 1 250 000 are all 1250000 đồng", arguments: BadValues.goodAmounts)
    func goodAmount(_ written: String) throws {
        #expect(try Amount.parse(written) == 1_250_000)
    }

    @Test("a bank export's ',00' is read only from a bank export")
    func bankExportFraction() throws {
        #expect(try Amount.parse("1,250,000.00", bankExport: true) == 1_250_000)
        #expect(try Amount.parse("500000,00", bankExport: true) == 500_000)
        #expect(throws: Refusal(.amountDecimals, "'500000,00' has decimals; amounts are whole đồng, such as 1.250.000")) {
            try Amount.parse("500000,00")
        }
    }

    @Test("amounts: zero and past 13 digits are refused; 9.999.999.999.999 is the largest")
    func amountRange() throws {
        #expect(try Amount.check(Amount.maximum) == 9_999_999_999_999)
        #expect(throws: Refusal.self) { try Amount.check(Amount.maximum + 1) }
        #expect(throws: Refusal.self) { try Amount.check(0) }
    }

    @Test("a sum that overflows, or passes the largest amount, is refused instead of wrapping")
    func checkedSum() throws {
        #expect(try Amount.total([1_000, 250_000]) == 251_000)
        #expect(throws: Refusal.self) { try Amount.total([UInt64.max, 1_001]) }
        #expect(throws: Refusal.self) { try Amount.total([Amount.maximum, 1]) }
    }

    @Test("a JSON amount: numbers and strings alike, decimals and signs refused with the field's path")
    func jsonAmount() throws {
        struct Body: Decodable { var items: [Item] }
        struct Item: Decodable { var amount: JSONAmount }
        func decode(_ amount: String) throws -> UInt64 {
            try JSONDecoder().decode(Body.self, from: Data(#"{"items": [{"amount": 1}, {"amount": \#(amount)}]}"#.utf8)).items[1].amount.value
        }
        #expect(try decode("1250000") == 1_250_000)
        #expect(try decode(#""1.250.000""#) == 1_250_000)
        #expect(
            throws: FieldProblem(
                field: "items[1].amount",
                code: .amountDecimals,
                reason: "150000.5 has decimals; amounts are whole đồng, such as 1250000"
            )
        ) { try decode("150000.5") }
        #expect(
            throws: FieldProblem(
                field: "items[1].amount",
                code: .amountNegative,
                reason: "-5 is negative; amounts are whole đồng, such as 1250000"
            )
        ) { try decode("-5") }
        #expect(throws: FieldProblem.self) { try decode("1e30") }
        #expect(throws: FieldProblem.self) { try decode(#""150000.00""#) }
        #expect(throws: FieldProblem.self) { try decode("true") }
    }

    @Test("a name that breaks the text rule gets its code", arguments: BadValues.names)
    func badName(_ bad: BadValues.Case) {
        var check = FieldChecker()
        _ = check.required(bad.value, "name")
        #expect(check.problems.map(\.code.rawValue) == [bad.code])
    }

    @Test("text is trimmed and precomposed; Vietnamese with its accents is fine")
    func goodText() {
        var check = FieldChecker()
        #expect(check.required("  " + BadValues.goodName + " ", "name") == BadValues.goodNameStored)
        #expect(check.required("Trần Văn Đức (rau củ, trái cây) 🥬", "name") == "Trần Văn Đức (rau củ, trái cây) 🥬")
        #expect(check.problems.isEmpty)
    }

    @Test("a limit is counted in Unicode scalars, and in bytes where a field has one")
    func limits() {
        #expect(Text.check("Hoà", limit: 3) == nil)
        #expect(Text.check("Hoà", limit: 2)?.code == .tooLong)
        #expect(Text.check("Hoà", limit: 3, bytes: 3)?.reason == "takes 4 bytes; at most 3 fit")
    }

    @Test("an account VietQR cannot carry gets its code; a good one passes", arguments: BadValues.accounts)
    func badAccount(_ bad: BadValues.Case) {
        var check = FieldChecker()
        let account = check.optional(bad.value, "account", limit: 40)
        check.bankAccount(bin: "970436", binField: "bank", account: account, accountField: "account")
        #expect(check.problems.map(\.code.rawValue) == [bad.code])
        #expect(BankAccount.check(BadValues.goodAccount, bin: "970436") == nil)
    }

    @Test("a bank no one or several banks are called is refused; a BIN or short name resolves", arguments: BadValues.banks)
    func badBank(_ bad: BadValues.Case) {
        #expect(throws: Refusal.self) { try BankAccount.bank(bad.value, in: Self.banks) }
        do {
            _ = try BankAccount.bank(bad.value, in: Self.banks)
        } catch {
            #expect(error.code.rawValue == bad.code)
        }
        #expect((try? BankAccount.bank(" Vietcombank ", in: Self.banks))?.bin == "970436")
    }

    @Test("every code has a Vietnamese sentence for the pages, but the catch-all")
    func vietnamese() {
        for code in ProblemCode.allCases where code != .invalidValue {
            #expect(code.vietnamese?.isEmpty == false, "\(code)")
        }
    }

    @Test("the catalogue holds at least 40 bad values")
    func catalogueSize() {
        #expect(BadValues.count >= 40)
    }
}

@Suite("Hex")
struct HexTests {
    @Test("bytes to lowercase hex and back; odd lengths and other letters are refused")
    func roundTrip() {
        let bytes: [UInt8] = [0x00, 0x0F, 0x10, 0xAB, 0xFF]
        #expect(Hex.encode(bytes) == "000f10abff")
        #expect(Hex.decode("000F10abFF") == bytes)
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
        #expect(Hex.decode("") == [])
    }
}
