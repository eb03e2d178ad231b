import Foundation

/// What `zbarimg` reads from images: each symbol's text, in the order it reports them.
public enum ZBar {
    /// The texts of every QR code `zbarimg --nodbus --raw -q` finds in the image at `path`:
    /// empty when it finds none (its exit status 4).
    public static func read(imageAt path: String) throws -> [String] {
        let result = try run("zbarimg", ["--nodbus", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", path])
        switch result.status {
        case 0: break
        case 4: return []
        default: throw ToolFailure(command: "zbarimg \(path)", reason: "exit \(result.status): \(result.errors)")
        }
        // --raw ends each symbol's text with a newline; payloads here never hold one.
        var text = result.text
        guard text.hasSuffix("\n") else { throw ToolFailure(command: "zbarimg", reason: "output not ended by a newline") }
        text.removeLast()
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The texts `zbarimg` reads from an image file's bytes (PNG, or anything ImageMagick reads).
    public static func read(image bytes: some Sequence<UInt8>, fileExtension: String = "png") throws -> [String] {
        let directory = try ScratchDirectory()
        return try read(imageAt: directory.write(bytes, to: "image.\(fileExtension)"))
    }

    /// Reads every image in `paths`, a few `zbarimg` processes at a time; the answer for each
    /// path is at its index.
    public static func read(imagesAt paths: [String]) throws -> [[String]] {
        let results = Results<[String]>(count: paths.count)
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            results.set(index, Result { try read(imageAt: paths[index]) })
        }
        return try results.all()
    }
}

/// One result per index, filled from several threads.
final class Results<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Result<Value, any Error>?]

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<Value, any Error>) { lock.withLock { values[index] = result } }

    func all() throws -> [Value] { try lock.withLock { try values.map { try $0!.get() } } }
}

/// What poppler's tools see in a PDF.
public enum Poppler {
    /// Renders every page of the PDF at `path` to a grayscale PNG at `dpi`, a few `pdftoppm`
    /// processes at a time over page ranges; returns the page images' paths in page order.
    public static func rasterise(pdfAt path: String, dpi: Int, pageCount: Int, into directory: ScratchDirectory) throws -> [String] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, pageCount))
        let perWorker = (pageCount + workers - 1) / workers
        let results = Results<[String]>(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            results.set(worker, Result {
                let first = worker * perWorker + 1, last = min(pageCount, first + perWorker - 1)
                guard first <= last else { return [] }
                let prefix = directory.url.appendingPathComponent("w\(worker)").path
                let result = try run("pdftoppm", ["-r", "\(dpi)", "-gray", "-png", "-f", "\(first)", "-l", "\(last)", path, prefix])
                guard result.status == 0 else {
                    throw ToolFailure(command: "pdftoppm \(path)", reason: "exit \(result.status): \(result.errors)")
                }
                let digits = String(pageCount).count
                return (first...last).map { page in
                    let number = String(page)
                    return "\(prefix)-\(String(repeating: "0", count: max(0, digits - number.count)))\(number).png"
                }
            })
        }
        let pages = try results.all().flatMap { $0 }
        for page in pages where !FileManager.default.fileExists(atPath: page) {
            throw ToolFailure(command: "pdftoppm", reason: "no page image \(page)")
        }
        return pages
    }

    /// The number of pages `pdfinfo` counts.
    public static func pageCount(pdfAt path: String) throws -> Int {
        let result = try run("pdfinfo", [path])
        guard result.status == 0,
              let line = result.text.split(separator: "\n").first(where: { $0.hasPrefix("Pages:") }),
              let count = Int(line.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces))
        else { throw ToolFailure(command: "pdfinfo \(path)", reason: "no page count: \(result.errors)") }
        return count
    }

    /// The text of each page, as `pdftotext` extracts it (UTF-8, pages split at form feeds).
    public static func text(pdfAt path: String) throws -> [String] {
        let result = try run("pdftotext", ["-enc", "UTF-8", path, "-"])
        guard result.status == 0 else { throw ToolFailure(command: "pdftotext \(path)", reason: result.errors) }
        var pages = result.text.components(separatedBy: "\u{0C}")
        if pages.last?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true { pages.removeLast() }
        return pages
    }

    /// One font as `pdffonts` lists it.
    public struct Font: Sendable, Hashable {
        /// The font's name, with its subset tag (`ABCDEF+NotoSans-Regular`).
        public var name: String
        /// Its type (`CID TrueType`, `Type 3`, …).
        public var type: String
        /// Whether the font program is in the file.
        public var embedded: Bool
        /// Whether only the glyphs used are.
        public var subset: Bool
        /// Whether it maps glyphs back to Unicode.
        public var unicode: Bool
    }

    /// The fonts `pdffonts` lists.
    public static func fonts(pdfAt path: String) throws -> [Font] {
        let result = try run("pdffonts", [path])
        guard result.status == 0 else { throw ToolFailure(command: "pdffonts \(path)", reason: result.errors) }
        let lines = result.text.split(separator: "\n").map(String.init)
        guard let rule = lines.firstIndex(where: { $0.hasPrefix("----") }) else { return [] }
        // Columns: name type encoding emb sub uni object ID; name and type may hold spaces, so
        // read the fixed-width columns the rule line draws.
        let widths = lines[rule].split(separator: " ", omittingEmptySubsequences: false).map(\.count)
        return lines[(rule + 1)...].map { line in
            var columns: [String] = []
            var start = line.startIndex
            for width in widths {
                let end = line.index(start, offsetBy: width, limitedBy: line.endIndex) ?? line.endIndex
                columns.append(line[start..<end].trimmingCharacters(in: .whitespaces))
                start = line.index(end, offsetBy: 1, limitedBy: line.endIndex) ?? line.endIndex
            }
            return Font(name: columns[0], type: columns[1], embedded: columns[3] == "yes",
                        subset: columns[4] == "yes", unicode: columns[5] == "yes")
        }
    }
}
