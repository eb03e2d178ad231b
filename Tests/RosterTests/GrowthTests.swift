import Growth
import Roster
import Testing

@Suite("Reading a CSV file takes time linear in its length")
struct CSVGrowthTests {
    /// A quote inside an unquoted field: whether it opens a quoted field was decided by looking
    /// past the field's leading spaces, at every quote.
    @Test("a field of many spaces, then text and many quotes")
    func quotes() {
        func file(_ count: Int) -> String { "a,b\n" + Growth.repeated(" ", count) + "x" + Growth.repeated("\"", count) + ",y\n" }
        let ratio = Growth.ratio(small: file(1_000), large: file(8_000)) { text in
            #expect((try? CSVTable(parsing: text))?.records.count == 1)
        }
        #expect(ratio < Growth.limit)
    }

    @Test("a stall list of many stalls, some of them bad")
    func stallList() {
        func file(_ count: Int) -> String {
            var text = "stall,name,bank,account,holder\n"
            for index in 0..<count {
                text += index % 10 == 0 ? "Q\(index),,nobank,x,\n" : "Q\(index),Nguyễn Thị Hoà,970436,0011001800879,NGUYEN THI HOA\n"
            }
            return text
        }
        let ratio = Growth.ratio(small: file(100), large: file(800)) { text in
            #expect(throws: InvalidStallList.self) { try StallList.read(text, banks: StallListTests.banks) }
        }
        #expect(ratio < Growth.limit)
    }

    @Test("a header of many columns")
    func wideHeader() {
        func file(_ count: Int) -> String {
            "stall,name,bank,account,holder," + (0..<count).map { "cột \($0)" }.joined(separator: ",") + "\nQ1,Hoà,970436,0011001800879,HOA\n"
        }
        let ratio = Growth.ratio(small: file(250), large: file(2_000)) { text in
            _ = try? StallList.read(text, banks: StallListTests.banks)
        }
        #expect(ratio < Growth.limit)
    }
}
