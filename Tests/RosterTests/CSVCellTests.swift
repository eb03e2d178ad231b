import Roster
import Testing

@Suite("CSV cells written for a spreadsheet")
struct CSVCellTests {
    @Test(
        "a cell a spreadsheet would run as a formula is led by an apostrophe",
        arguments: ["=HYPERLINK(\"http://x\",\"a\")", "+84912", "-1", "@SUM(A1)", "\tx"]
    )
    func formulas(_ text: String) {
        let cell = CSVTable.cell(text)
        let unquoted = cell.hasPrefix("\"") ? String(cell.dropFirst()) : cell
        #expect(unquoted.hasPrefix("'"))
    }

    @Test("plain text stays as it is; separators, quotes and line breaks are quoted")
    func quoting() {
        #expect(CSVTable.cell("Chợ Điện Biên") == "Chợ Điện Biên")
        #expect(CSVTable.cell("Quầy 1, dãy A") == "\"Quầy 1, dãy A\"")
        #expect(CSVTable.cell("a \"b\"") == "\"a \"\"b\"\"\"")
        #expect(CSVTable.cell("=1+1") == "'=1+1")
    }
}
