import Foundation

/// Where `cashless receipt verify` finds a seal: the text itself, or the QR code of a receipt's
/// image or PDF, read with zbarimg (pdftoppm first turns a PDF's pages into images).
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
        if argument.lowercased().hasSuffix(".pdf") {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cashless-verify-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            codes = try rasterise(argument, into: folder).flatMap { try zbar($0) }
        } else {
            codes = try zbar(argument)
        }
        guard let seal = codes.first(where: { $0.hasPrefix("BL1:") }) else {
            throw CLIError("\(argument): no receipt seal (a QR code of BL1:…) was found" +
                           (codes.isEmpty ? "" : "; it holds other codes: \(codes.map { String($0.prefix(20)) + "…" })"))
        }
        return seal
    }

    private static func zbar(_ image: String) throws -> [String] {
        let run = try tool("zbarimg", ["--nodbus", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", image])
        // zbarimg exits 4 when it finds no code: that is an answer, not a failure.
        guard run.status == 0 || run.status == 4 else {
            throw CLIError("\(image): zbarimg could not read the image: \(run.errors.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return run.output.split(separator: "\n").map(String.init)
    }

    /// The PDF's pages as PNG files in `folder`, which the caller removes.
    private static func rasterise(_ pdf: String, into folder: URL) throws -> [String] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let run = try tool("pdftoppm", ["-r", "200", "-gray", "-png", pdf, folder.appendingPathComponent("page").path])
        guard run.status == 0 else { throw CLIError("\(pdf): pdftoppm could not read the PDF: \(run.errors)") }
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            .map { folder.appendingPathComponent($0).path }
    }

    private static func tool(_ name: String, _ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [name] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            throw CLIError("\(name) is needed to read receipt images (Debian: zbar-tools, poppler-utils)")
        }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus == 127 {
            throw CLIError("\(name) is needed to read receipt images (Debian: zbar-tools, poppler-utils)")
        }
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}
