import Foundation

/// What `zbarimg` reads from images: each symbol's text, in the order it reports them.
public enum ZBar {
    /// The texts of every QR code `zbarimg --nodbus --raw -q` finds in the image at `path`:
    /// empty when it finds none (its exit status 4).
    public static func read(imageAt path: String) throws -> [String] {
        try read(imagesAt: [path])
    }

    /// The texts `zbarimg` reads from an image file's bytes (PNG, or anything ImageMagick reads).
    public static func read(image bytes: some Sequence<UInt8>, fileExtension: String = "png") throws -> [String] {
        let directory = try ScratchDirectory()
        return try read(imageAt: directory.write(bytes, to: "image.\(fileExtension)"))
    }

    /// Reads every image in `paths`, where page `i` should hold `expected[i]` codes; the answer
    /// for each path is at its index. A few `zbarimg` processes run at once, each over a batch
    /// of pages (its start-up costs about as much as a page). zbarimg does not say which file a
    /// code came from, so a batch's codes are shared out in page order by the expected counts
    /// when their total matches; when it does not, each page of the batch is read on its own,
    /// so that the answer shows which page fell short.
    public static func read(pagesAt paths: [String], expected: [Int]) throws -> [[String]] {
        precondition(paths.count == expected.count, "one expected count per page")
        let batches = stride(from: 0, to: paths.count, by: 16).map { $0..<min(paths.count, $0 + 16) }
        let results = Results<[[String]]>(count: batches.count)
        DispatchQueue.concurrentPerform(iterations: batches.count) { index in
            results.set(
                index,
                Result {
                    let batch = batches[index]
                    let codes = try read(imagesAt: Array(paths[batch]))
                    guard codes.count == expected[batch].reduce(0, +) else {
                        return try batch.map { try read(imageAt: paths[$0]) }
                    }
                    var start = 0
                    return batch.map { page in
                        defer { start += expected[page] }
                        return Array(codes[start..<start + expected[page]])
                    }
                }
            )
        }
        return try results.all().flatMap { $0 }
    }

    /// The texts of every QR code in the images at `paths`, in file order, from one `zbarimg`.
    private static func read(imagesAt paths: [String]) throws -> [String] {
        let result = try run("zbarimg", ["--nodbus", "--raw", "-q", "-Sdisable", "-Sqrcode.enable"] + paths)
        switch result.status {
        case 0: break
        case 4: return []
        default: throw ToolFailure(command: "zbarimg \(paths.joined(separator: " "))", reason: "exit \(result.status): \(result.errors)")
        }
        // --raw ends each symbol's text with a newline; payloads here never hold one.
        var text = result.text
        guard text.hasSuffix("\n") else { throw ToolFailure(command: "zbarimg", reason: "output not ended by a newline") }
        text.removeLast()
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
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
    /// Renders every page of the PDF at `path` to a grayscale image (PGM: quick to write, and
    /// zbarimg reads it) at `dpi`, a few `pdftoppm` processes at a time over page ranges;
    /// returns the page images' paths in page order.
    public static func rasterise(pdfAt path: String, dpi: Int, pageCount: Int, into directory: ScratchDirectory) throws -> [String] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, pageCount))
        let perWorker = (pageCount + workers - 1) / workers
        let results = Results<[String]>(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            results.set(
                worker,
                Result {
                    let first = worker * perWorker + 1
                    let last = min(pageCount, first + perWorker - 1)
                    guard first <= last else { return [] }
                    let prefix = directory.url.appendingPathComponent("w\(worker)").path
                    let result = try run("pdftoppm", ["-r", "\(dpi)", "-gray", "-f", "\(first)", "-l", "\(last)", path, prefix])
                    guard result.status == 0 else {
                        throw ToolFailure(command: "pdftoppm \(path)", reason: "exit \(result.status): \(result.errors)")
                    }
                    let digits = String(pageCount).count
                    return (first...last).map { page in
                        let number = String(page)
                        return "\(prefix)-\(String(repeating: "0", count: max(0, digits - number.count)))\(number).pgm"
                    }
                }
            )
        }
        let pages = try results.all().flatMap { $0 }
        for page in pages where !FileManager.default.fileExists(atPath: page) {
            throw ToolFailure(command: "pdftoppm", reason: "no page image \(page)")
        }
        return pages
    }

    /// The size of every page in points, as `pdfinfo` reports it.
    public static func pageSizes(pdfAt path: String) throws -> [(width: Double, height: Double)] {
        let result = try run("pdfinfo", ["-f", "1", "-l", "100000", path])
        guard result.status == 0 else { throw ToolFailure(command: "pdfinfo \(path)", reason: result.errors) }
        // "Page    1 size: 595.276 x 841.89 pts (A4)"
        return result.text.split(separator: "\n").filter { $0.hasPrefix("Page ") && $0.contains(" size: ") }.map { line in
            let numbers = line.split(separator: ":", maxSplits: 1)[1].split(separator: " ").compactMap { Double($0) }
            return (numbers[0], numbers[1])
        }
    }

    /// The text of each page, as `pdftotext -raw` extracts it: strings in the order they were
    /// drawn (UTF-8, pages split at form feeds).
    public static func text(pdfAt path: String) throws -> [String] {
        let result = try run("pdftotext", ["-raw", "-enc", "UTF-8", path, "-"])
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
            return Font(
                name: columns[0],
                type: columns[1],
                embedded: columns[3] == "yes",
                subset: columns[4] == "yes",
                unicode: columns[5] == "yes"
            )
        }
    }
}
