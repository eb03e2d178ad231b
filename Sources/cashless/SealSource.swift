import Foundation
import Scanning

/// Where `cashless receipt verify` finds a seal: the text itself, or a file, a pipe or standard
/// input (`-`) holding the text or a receipt's image or PDF, whose QR code is read (``SealImages``).
enum SealSource {
    /// The seal's text (`BL1:…`).
    static func read(_ argument: String) throws -> String {
        if argument.hasPrefix("BL1:") || argument.hasPrefix("bl1:") { return argument }
        guard argument == "-" || FileManager.default.fileExists(atPath: argument) else {
            throw CLIError("'\(argument)' is neither a seal (BL1:…) nor a file that exists")
        }
        let bytes = try InputFile.bytes(argument, option: "the receipt")
        if let text = String(validating: bytes, as: UTF8.self)?.trimmingCharacters(in: .whitespacesAndNewlines),
            text.hasPrefix("BL1:") || text.hasPrefix("bl1:")
        {
            return text
        }
        let codes = try codes(in: bytes, readFrom: argument)
        guard let seal = codes.first(where: { $0.hasPrefix("BL1:") }) else {
            throw CLIError(
                "\(InputFile.name(argument)): no receipt seal (a QR code of BL1:…) was found"
                    + (codes.isEmpty ? "" : "; it holds other codes: \(codes.map { String($0.prefix(20)) + "…" })")
            )
        }
        return seal
    }

    /// The QR codes of a picture or PDF. zbarimg and pdftoppm open files by name: a regular file
    /// is named as it is, while bytes from standard input or a pipe, which they cannot reopen, are
    /// first copied to a temporary file (named `.pdf` for a PDF, which is how a PDF is told apart).
    private static func codes(in bytes: [UInt8], readFrom path: String) throws -> [String] {
        var status = stat()
        if path != "-", stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG {
            do { return try SealImages.codes(inFileAt: path) } catch { throw CLIError(error.description) }
        }
        let pdf = bytes.starts(with: "%PDF-".utf8)
        let copy = FileManager.default.temporaryDirectory
            .appendingPathComponent("cashless-receipt-\(UUID().uuidString)" + (pdf ? ".pdf" : "")).path
        defer { try? FileManager.default.removeItem(atPath: copy) }
        guard FileManager.default.createFile(atPath: copy, contents: Data(bytes)) else {
            throw CLIError("cannot copy \(InputFile.name(path)) to \(copy)")
        }
        do {
            return try SealImages.codes(inFileAt: copy)
        } catch {
            throw CLIError(error.description.replacingOccurrences(of: copy, with: InputFile.name(path)))
        }
    }
}
