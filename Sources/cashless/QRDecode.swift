import ArgumentParser
import Foundation
import VietQR

/// `cashless qr decode`: what a QR payload holds and whether it is valid.
struct QRDecode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Read an EMV QR payload (VietQR, VNPAY-QR, PIX, PromptPay, …) and check it.",
        discussion: "Exit status 0 when the payload is valid, 1 when it has errors (warnings do not count)."
    )

    @Argument(help: "The payload text; read from standard input when absent.")
    var payload: String?

    @Flag(help: "Print one JSON object instead of a summary.")
    var json = false

    @OptionGroup var banks: BankOptions

    func run() throws {
        let text = try payload ?? readStandardInput()
        let directory = try banks.load()
        let decoded = DecodedPayload(text, banks: directory)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(DecodeReport(decoded, banks: directory))
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(Summary(decoded, banks: directory).text, terminator: "")
        }
        if !decoded.isValid { throw ExitCode.invalidPayload }
    }

    private func readStandardInput() throws -> String {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard let text = String(data: data, encoding: .utf8) else {
            throw ValidationError("standard input is not UTF-8 text")
        }
        let trimmed = text.trimmingCharacters(in: .newlines)
        guard !trimmed.isEmpty else { throw ValidationError("no payload: give it as an argument or on standard input") }
        return trimmed
    }
}
