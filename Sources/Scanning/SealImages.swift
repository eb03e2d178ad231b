import Foundation

/// Reads receipt seals from pictures: the QR codes of a photo or scan (PNG, JPEG), or of a PDF's
/// pages, with Debian's zbarimg (and pdftoppm, which first turns a PDF's pages into images).
/// Used by `cashless receipt verify` and by the verify page's photo upload.
public enum SealImages {
    /// Why no code could be read from a file.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong: the server's fault (a tool is missing, a file cannot be written) or the picture's.
        public enum Kind: Sendable { case server, unreadable, timedOut }

        public var description: String
        public var kind: Kind = .server
    }

    /// The texts of the QR codes in the image or PDF at `path`, in the order zbarimg finds them.
    public static func codes(inFileAt path: String) throws(Failure) -> [String] {
        guard path.lowercased().hasSuffix(".pdf") else { return try zbar(path) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cashless-verify-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var codes: [String] = []
        for page in try rasterise(path, into: folder) { codes += try zbar(page) }
        return codes
    }

    /// The texts of the QR codes in an image's bytes (a photo a browser uploaded); `zbarimg` is
    /// stopped after `timeLimit` seconds.
    public static func codes(inImage bytes: [UInt8], timeLimit: Int? = nil) throws(Failure) -> [String] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cashless-photo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        guard FileManager.default.createFile(atPath: file.path, contents: Data(bytes)) else {
            throw Failure(description: "cannot write the picture to \(file.path)")
        }
        return try zbar(file.path, timeLimit: timeLimit)
    }

    /// The codes `zbarimg` (or a program given in its place) reads in `image`.
    static func zbar(_ image: String, timeLimit: Int? = nil, zbarimg: String = "zbarimg") throws(Failure) -> [String] {
        let run = try tool(zbarimg, ["--nodbus", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", image], timeLimit: timeLimit)
        // zbarimg exits 4 when it finds no code: that is an answer, not a failure.
        guard run.status == 0 || run.status == 4 else {
            throw Failure(
                description:
                    "\(image): zbarimg could not read the image (exit status \(run.status)): \(run.errors.trimmingCharacters(in: .whitespacesAndNewlines))",
                kind: .unreadable
            )
        }
        return run.output.split(separator: "\n").map(String.init)
    }

    /// The PDF's pages as PNG files in `folder`, which the caller removes.
    private static func rasterise(_ pdf: String, into folder: URL) throws(Failure) -> [String] {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw Failure(description: "cannot make \(folder.path): \(error.localizedDescription)")
        }
        let run = try tool("pdftoppm", ["-r", "200", "-gray", "-png", pdf, folder.appendingPathComponent("page").path])
        guard run.status == 0 else { throw Failure(description: "\(pdf): pdftoppm could not read the PDF: \(run.errors)", kind: .unreadable) }
        let pages = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return pages.sorted().map { folder.appendingPathComponent($0).path }
    }

    /// Runs `name` with `arguments`; with a `timeLimit`, under coreutils' `timeout`, which kills it
    /// (SIGKILL: a server may block SIGTERM, and its children inherit that) once that many seconds
    /// have passed. `--foreground` makes `timeout` signal the tool alone, not its own process group.
    private static func tool(
        _ name: String,
        _ arguments: [String],
        timeLimit: Int? = nil
    ) throws(Failure) -> (
        status: Int32, output: String, errors: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = (timeLimit.map { ["timeout", "--foreground", "--signal=KILL", "\($0)"] } ?? []) + [name] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let missing = Failure(description: "\(name) is needed to read receipt images (Debian: zbar-tools, poppler-utils)")
        do { try process.run() } catch { throw missing }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus == 127 { throw missing }
        // timeout(1) answers 137 (128 + SIGKILL) when it killed the tool, 124 had it stopped otherwise.
        if let timeLimit, [124, 137].contains(process.terminationStatus) {
            throw Failure(description: "\(name) took longer than \(timeLimit) s and was stopped", kind: .timedOut)
        }
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}
