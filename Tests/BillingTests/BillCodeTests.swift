import Billing
import Testing

@Suite("Bill codes: shape, alphabet, parsing")
struct BillCodeTests {
    @Test("Random codes have the shape, never a look-alike character, and read back")
    func randomCodes() throws {
        var generator = SeededGenerator(seed: 20_260_930)
        var seen = Set<BillCode>()
        var used = Set<Character>()
        for index in 0..<5000 {
            let kind = BillCode.Kind.allCases[index % 3]
            let code = BillCode.random(kind: kind, year: 2026, using: &generator)
            let text = code.description
            #expect(text.count == 10)
            #expect(text.hasPrefix(kind.prefix + "26 "))
            #expect(text.allSatisfy { $0.isASCII })
            #expect(code.compact == kind.prefix + "26" + code.body)
            #expect(code.body.count == 5)
            #expect(!code.body.contains { "01ILOU".contains($0) || $0.isLowercase })
            used.formUnion(code.body)
            #expect(BillCode(text) == code)
            #expect(BillCode(code.compact.lowercased()) == code)
            seen.insert(code)
        }
        // 5000 draws from 3 × 30⁵ codes: a collision or two at most, and every character drawn.
        #expect(seen.count >= 4990)
        #expect(used == Set("23456789ABCDEFGHJKMNPQRSTVWXYZ"))
    }

    @Test("The same seed gives the same codes; the year keeps two digits")
    func seeded() {
        var first = SeededGenerator(seed: 7)
        var second = SeededGenerator(seed: 7)
        let a = (0..<20).map { _ in BillCode.random(kind: .hospital, year: 2026, using: &first) }
        let b = (0..<20).map { _ in BillCode.random(kind: .hospital, year: 26, using: &second) }
        #expect(a == b)
        var generator = SeededGenerator(seed: 1)
        #expect(BillCode.random(kind: .fee, year: 2105, using: &generator).description.hasPrefix("TT05 "))
    }

    @Test(
        "Written the ways people write it",
        arguments: [
            "HP26 7K3QX", "hp267k3qx", "HP26-7K3QX", "Hp26.7k3qx", " HP26 7K3QX ", "HP 26 7K3 QX",
        ]
    )
    func parses(_ text: String) throws {
        let code = try #require(BillCode(text))
        #expect(code.kind == .tuition)
        #expect(code.year == 26)
        #expect(code.body == "7K3QX")
        #expect(code.description == "HP26 7K3QX")
        #expect(code.compact == "HP267K3QX")
    }

    @Test(
        "Not codes",
        arguments: [
            "", "HP26", "HP26 7K3Q", "HP26 7K3QXX", "XX26 7K3QX", "HP2A 7K3QX", "HP26 7K3QO", "HP26 7K3Q1",
            "HP26 7K3QI", "HP26 7K3QL", "HP26 7K3QU", "HP26 7K3Q0", "HP26/7K3QX", "HP+6 7K3QX", "HP26 7K3QX chuyen tien",
        ]
    )
    func refuses(_ text: String) {
        #expect(BillCode(text) == nil)
    }

    @Test("Kinds and their letters")
    func kinds() throws {
        #expect(BillCode("VP26 ABCDE")?.kind == .hospital)
        #expect(BillCode("tt09 22222")?.description == "TT09 22222")
        #expect(BillCode(kind: .tuition, year: 100, body: "ABCDE") == nil)
        #expect(BillCode(kind: .tuition, year: 26, body: "abcde") == nil)
    }
}
