import CashlessServer
import Foundation

/// Where `cashless receipt verify` finds a seal: the text itself, or the QR code of a receipt's
/// image or PDF (``SealImages``).
enum SealSource {
    /// The seal's text (`BL1:…`).
    static func read(_ argument: String) throws -> String {
        if argument.hasPrefix("BL1:") || !FileManager.default.fileExists(atPath: argument) {
            guard argument.hasPrefix("BL1:") || argument.hasPrefix("bl1:") else {
                throw CLIError("'\(argument)' is neither a seal (BL1:…) nor a file that exists")
            }
            return argument
        }
        let codes: [String]
        do {
            codes = try SealImages.codes(inFileAt: argument)
        } catch {
            throw CLIError(error.description)
        }
        guard let seal = codes.first(where: { $0.hasPrefix("BL1:") }) else {
            throw CLIError("\(argument): no receipt seal (a QR code of BL1:…) was found" +
                           (codes.isEmpty ? "" : "; it holds other codes: \(codes.map { String($0.prefix(20)) + "…" })"))
        }
        return seal
    }
}
