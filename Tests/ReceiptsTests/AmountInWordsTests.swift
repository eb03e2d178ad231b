import Foundation
import Receipts
import Testing

/// One vector of `Tests/Fixtures/vnd_words.json` (copied from `../shared/vectors/`), with the
/// style of the library it comes from.
struct WordsVector: Sendable, CustomTestStringConvertible {
    var value: UInt64
    var expected: String
    var source: String

    var testDescription: String { "\(value) (\(source))" }

    /// The style each source library writes in.
    var style: AmountInWords {
        switch source {
        // read-vietnamese-number: lowercase, "lẻ", "tỉ", "tư".
        case "rvn": AmountInWords(zeroTens: .le, billion: .ti, fourAfterTens: .tu, capitalised: false)
        // number_to_vietnamese_words: capitalised, "linh", "tỷ", "tư".
        case "dart", "dart_readme": AmountInWords(zeroTens: .linh, billion: .ty, fourAfterTens: .tu, capitalised: true)
        // num2words: lowercase, "lẻ", "tỷ", "bốn".
        default: AmountInWords(zeroTens: .le, billion: .ty, fourAfterTens: .bon, capitalised: false)
        }
    }

    static let all: [WordsVector] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/vnd_words.json")
        let root = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        return (root["library_vectors"] as! [[String: Any]]).compactMap { entry in
            guard let value = entry["value"] as? NSNumber else { return nil }
            return WordsVector(value: value.uint64Value, expected: entry["expected"] as! String, source: entry["source"] as! String)
        }
    }()

    /// The formal readings num2words gets wrong, from the same file.
    static let formal: [(UInt64, String)] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/vnd_words.json")
        let root = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        return (root["num2words_pitfall_observed"] as! [[String: Any]]).map {
            (($0["value"] as! NSNumber).uint64Value, $0["formal"] as! String)
        }
    }()
}

@Suite("Amount in words")
struct AmountInWordsTests {
    @Test("every library vector reads as its library writes it", arguments: WordsVector.all)
    func libraryVector(_ vector: WordsVector) {
        #expect(vector.style.words(vector.value) == vector.expected)
    }

    @Test("the vector file is all there")
    func vectorCount() {
        #expect(WordsVector.all.count == 42)
    }

    @Test("the formal readings that num2words misses come out formal")
    func formalReadings() {
        let style = AmountInWords(fourAfterTens: .tu, capitalised: false)
        for (value, formal) in WordsVector.formal {
            #expect(style.words(value) == formal)
        }
    }

    @Test("a receipt writes the amount with đồng, capitalised, linh and nghìn by default")
    func receiptStyle() {
        #expect(AmountInWords().dong(105_000) == "Một trăm linh năm nghìn đồng")
        #expect(AmountInWords().dong(1_005_000) == "Một triệu không trăm linh năm nghìn đồng")
        #expect(AmountInWords().dong(0) == "Không đồng")
    }

    @Test("an inner group of 005 reads không trăm lẻ năm")
    func innerGroup() {
        #expect(AmountInWords(zeroTens: .le, capitalised: false).words(7_005) == "bảy nghìn không trăm lẻ năm")
    }

    @Test("chẵn follows a round amount only")
    func chan() {
        #expect(AmountInWords().dong(1_000_000, chan: true) == "Một triệu đồng chẵn")
        #expect(AmountInWords().dong(150_000, chan: true) == "Một trăm năm mươi nghìn đồng chẵn")
        #expect(AmountInWords().dong(150_500, chan: true) == "Một trăm năm mươi nghìn năm trăm đồng")
        #expect(AmountInWords().dong(150_000, chan: false) == "Một trăm năm mươi nghìn đồng")
    }

    @Test("ngàn replaces nghìn when the unit writes so")
    func ngan() {
        #expect(AmountInWords(thousand: .ngan).dong(90_000) == "Chín mươi ngàn đồng")
    }

    @Test("the largest amount a receipt holds reads to the end")
    func largest() {
        #expect(
            AmountInWords().words(9_999_999_999_999)
                == "Chín nghìn chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín"
        )
    }
}
