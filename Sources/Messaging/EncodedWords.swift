import Foundation

/// RFC 2047 encoded words (`=?UTF-8?B?…?=`) for header text that is not plain ASCII.
enum EncodedWords {
    /// The most bytes of text one word carries: 42 bytes are 56 base64 characters, and with
    /// `=?UTF-8?B?` and `?=` a word is 68 characters: within the 75 RFC 2047 allows, and on
    /// the first line after `Subject: ` within 78.
    static let bytesPerWord = 42

    /// `text` as encoded words, split between characters (never inside one), each at most 75
    /// characters; to be joined with folding white space.
    static func encode(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if !chunk.isEmpty && chunk.count + bytes.count > bytesPerWord {
                words.append(word(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(word(chunk)) }
        return words
    }

    private static func word(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?="
    }
}
