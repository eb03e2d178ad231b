import PropertyBased
import Testing
import VietQR

/// Properties over random inputs (x-sheep/swift-property-based); a failure prints the seed to replay it.
@Suite("Properties")
struct PropertyTests {
    static let bins = Fixtures.banks.banks.map(\.bin)
    static let words = ["Học", "phí", "tháng", "Điện", "nước", "quầy", "Nguyễn", "Thị", "Hoà", "đồng", "chợ", "rau", "Sạp", "12"]

    /// Printable ASCII without surrounding spaces (the encoder trims them), 1…`max` characters.
    static func asciiText(max: Int) -> Generator<String, Shrink.None<String>> {
        Generator { rng in
            let length = Int.random(in: 1...max, using: &rng)
            var text = String((0..<length).map { _ in Character(Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &rng))) })
            if text.first == " " {
                text.removeFirst()
                text = "x" + text
            }
            if text.last == " " {
                text.removeLast()
                text += "x"
            }
            return text
        }
    }

    /// Vietnamese words whose folded form fits in `max` characters.
    static func vietnameseText(max: Int) -> Generator<String, Shrink.None<String>> {
        Generator { rng in
            var text = words.randomElement(using: &rng)!
            while Bool.random(using: &rng), let next = words.randomElement(using: &rng), text.count + 1 + next.count <= max {
                text += " " + next
            }
            return text
        }
    }

    static let payloads = Generator<Payload, Shrink.None<Payload>> { rng in
        func maybe(_ generator: Generator<String, Shrink.None<String>>) -> String? {
            Bool.random(using: &rng) ? generator.run(using: &rng) : nil
        }
        let card = Int.random(in: 0..<5, using: &rng) == 0
        let alphabet = card ? Array("0123456789") : Array("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ")
        let account = String((0..<Int.random(in: 1...19, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
        return Payload(
            bankBIN: bins.randomElement(using: &rng)!,
            account: account,
            service: card ? .card : .account,
            initiation: Bool.random(using: &rng) ? nil : Payload.Initiation.allCases.randomElement(using: &rng),
            amount: Bool.random(using: &rng) ? UInt64.random(in: 1...Payload.maximumAmount, using: &rng) : nil,
            merchantName: maybe(asciiText(max: 25)),
            merchantCity: maybe(asciiText(max: 15)),
            billNumber: maybe(asciiText(max: 15)),
            store: maybe(asciiText(max: 15)),
            reference: maybe(asciiText(max: 15)),
            terminal: maybe(asciiText(max: 10)),
            purpose: maybe(Bool.random(using: &rng) ? asciiText(max: 25) : vietnameseText(max: 25))
        )
    }

    @Test("Random valid fields: encode, then decode, gives the same fields back (Vietnamese folded)")
    func roundTrip() async {
        await propertyCheck(count: 2000, input: Self.payloads) { payload in
            let text: String
            do { text = try payload.encoded() } catch {
                Issue.record("valid input refused: \(error)")
                return
            }
            let decoded = DecodedPayload(text)
            #expect(decoded.isValid, "\(decoded.problems)")
            #expect(decoded.scheme == .vietqr)
            #expect(decoded.bankBIN.map(String.init) == payload.bankBIN)
            #expect(decoded.account.map(String.init) == payload.account)
            #expect(decoded.service == payload.service)
            #expect(decoded.initiation == payload.effectiveInitiation)
            #expect(decoded.amount == payload.amount)
            #expect(decoded.merchantName.map(String.init) == payload.merchantName)
            #expect(decoded.merchantCity.map(String.init) == payload.merchantCity)
            #expect(decoded.billNumber.map(String.init) == payload.billNumber)
            #expect(decoded.store.map(String.init) == payload.store)
            #expect(decoded.reference.map(String.init) == payload.reference)
            #expect(decoded.terminal.map(String.init) == payload.terminal)
            #expect(decoded.purpose.map(String.init) == payload.purpose.map(ASCIIFolding.fold))
        }
    }

    @Test("Arbitrary strings never crash the parser, and a valid verdict always means a matching CRC")
    func arbitraryStrings() async {
        let scalars = Gen.unicodeScalar(in: Unicode.Scalar(0x20)!...Unicode.Scalar(0x7E)!)
        let strings = Gen<Character?>.frequency(
            (3, Gen.character(in: "0"..."9").map(Optional.some)),
            (1, scalars.map { Character($0) }.map(Optional.some))
        ).compactMap { $0 }.array(of: 0...160).map { String($0) }
        await propertyCheck(count: 3000, input: strings) { text in
            let decoded = DecodedPayload(text)
            if decoded.isValid { expectCRCMatches(text) }
        }
    }

    @Test("Byte mutations of valid payloads never crash and never pass a wrong CRC")
    func mutations() async {
        await propertyCheck(count: 3000, input: Self.payloads, Gen.int(in: 0...10_000), Gen<UInt8>.value(in: 0x20...0x7E)) {
            payload,
            position,
            replacement in
            guard let original = try? payload.encoded() else { return }
            var bytes = Array(original.utf8)
            let index = position % bytes.count
            guard bytes[index] != replacement else { return }
            bytes[index] = replacement
            let mutated = String(decoding: bytes, as: UTF8.self)
            let decoded = DecodedPayload(mutated)
            if decoded.isValid {
                expectCRCMatches(mutated)
                // Only the CRC's own letters may change, and only to lowercase.
                let crcStart = bytes.count - 4
                #expect(
                    index >= crcStart && mutated.utf8.prefix(crcStart).elementsEqual(original.utf8.prefix(crcStart))
                        && mutated.suffix(4).uppercased() == original.suffix(4),
                    "\(mutated)"
                )
            }
        }
    }

    private func expectCRCMatches(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 8 else {
            Issue.record("valid without room for a CRC: \(text)")
            return
        }
        let written = UInt16(String(decoding: bytes.suffix(4), as: UTF8.self), radix: 16)
        #expect(written == CRC16.ccittFalse(bytes.dropLast(4)), "\(text)")
    }
}
