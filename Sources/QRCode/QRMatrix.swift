/// A QR code symbol as a square of modules, dark or light, without its quiet zone.
///
/// Made by libqrencode in 8-bit (byte) mode, as EMVCo's merchant-presented mode requires, so
/// any UTF-8 text, such as a VietQR payload with Vietnamese in tag `64`, comes back byte for
/// byte from a reader; the version is the smallest that holds the text at the chosen error
/// correction level.
public struct QRMatrix: Sendable, Hashable {
    /// How much of the symbol may be damaged and still read (ISO/IEC 18004 levels).
    public enum ErrorCorrection: String, Sendable, Hashable, CaseIterable, Codable {
        /// L: about 7% of the codewords can be restored.
        case low = "L"
        /// M: about 15%; the default for payment codes.
        case medium = "M"
        /// Q: about 25%.
        case quartile = "Q"
        /// H: about 30%.
        case high = "H"

        /// The most bytes a version 40 symbol holds in 8-bit mode at this level (one fewer
        /// after the UTF-8 ECI designator that text with non-ASCII characters gets).
        public var maximumByteCount: Int {
            switch self {
            case .low: 2953
            case .medium: 2331
            case .quartile: 1663
            case .high: 1273
            }
        }
    }

    /// Modules per side: 21 for version 1, four more for each version up to 177.
    public let size: Int
    /// The symbol version, 1–40.
    public let version: Int
    /// The error correction level it was encoded with.
    public let errorCorrection: ErrorCorrection
    /// Row-major, `true` for dark.
    private let modules: [Bool]

    /// Light modules every reader expects around the symbol, on each side.
    public static let quietZone = 4

    /// The ECI designator for UTF-8 (ISO/IEC 18004 §7.4.2, AIM ECI 000026).
    public static let utf8ECI: UInt32 = 26

    /// Encodes the UTF-8 bytes of `text`. When the text is not all ASCII it is preceded by the
    /// UTF-8 ECI designator, as EMVCo MPM §4.12 asks, so that readers do not guess another
    /// encoding (zbar reads a short Vietnamese name as Shift JIS without it).
    public init(encoding text: String, errorCorrection: ErrorCorrection = .medium) throws(QRCodeError) {
        let bytes = Array(text.utf8)
        try self.init(
            bytes: bytes,
            eci: bytes.allSatisfy { $0 < 0x80 } ? nil : QRMatrix.utf8ECI,
            errorCorrection: errorCorrection
        )
    }

    /// Encodes `bytes` as they are, after the ECI designator `eci` when one is given.
    public init(bytes: [UInt8], eci: UInt32? = nil, errorCorrection: ErrorCorrection = .medium) throws(QRCodeError) {
        guard !bytes.isEmpty else { throw .empty }
        let maximum = errorCorrection.maximumByteCount - (eci == nil ? 0 : 1)
        guard bytes.count <= maximum else {
            throw .tooLong(byteCount: bytes.count, maximum: maximum, errorCorrection: errorCorrection)
        }
        try self.init(symbolOf: bytes, eci: eci, errorCorrection: errorCorrection, alphanumeric: false)
    }

    /// Encodes `text`, all of whose characters are among the 45 of the QR alphanumeric mode
    /// (digits, capital letters, space and `$%*+-./:`), in that mode: 5.5 bits a character instead
    /// of 8, which is why a receipt seal (`BL1:` and Base45) fits a version 10 symbol.
    public init(alphanumeric text: String, errorCorrection: ErrorCorrection = .medium) throws(QRCodeError) {
        if let bad = text.first(where: { !($0.asciiValue.map(QRMatrix.alphanumeric.contains) ?? false) }) {
            throw .notAlphanumeric(bad)
        }
        guard !text.isEmpty else { throw .empty }
        try self.init(symbolOf: Array(text.utf8), eci: nil, errorCorrection: errorCorrection, alphanumeric: true)
    }

    /// The symbol libqrencode makes of `bytes` with data mask 0, remasked with the mask of lowest
    /// penalty (``DataMask``); a symbol too wide for that keeps the mask libqrencode chooses.
    private init(
        symbolOf bytes: [UInt8],
        eci: UInt32?,
        errorCorrection: ErrorCorrection,
        alphanumeric: Bool
    ) throws(QRCodeError) {
        var symbol = try EncodedSymbol(
            bytes: bytes,
            eci: eci,
            errorCorrection: errorCorrection,
            alphanumeric: alphanumeric,
            mask: 0
        )
        let width = symbol.width
        size = width
        version = symbol.version
        self.errorCorrection = errorCorrection
        guard width <= DataMask.maximumWidth else {
            symbol = try EncodedSymbol(bytes: bytes, eci: eci, errorCorrection: errorCorrection, alphanumeric: alphanumeric)
            modules = symbol.darkModules
            return
        }
        modules = symbol.withModules { DataMask.best(of: $0, width: width, level: errorCorrection, made: 0).dark }
    }

    /// The characters of the alphanumeric mode, as ASCII bytes.
    static let alphanumeric = Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".utf8)

    /// Whether the module at `row` and `column` (both from 0 at the top left) is dark.
    public subscript(row: Int, column: Int) -> Bool {
        precondition((0..<size).contains(row) && (0..<size).contains(column), "module outside the symbol")
        return modules[row * size + column]
    }

    /// The dark runs of one row, as half-open column ranges from left to right: what a writer
    /// draws as one bar each.
    public func darkRuns(inRow row: Int) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        forEachDarkRun(inRow: row) { runs.append($0) }
        return runs
    }

    /// Calls `body` with each dark run of `row`, left to right, without collecting them.
    func forEachDarkRun(inRow row: Int, _ body: (Range<Int>) -> Void) {
        precondition((0..<size).contains(row), "row outside the symbol")
        modules.withUnsafeBufferPointer { modules in
            let line = UnsafeBufferPointer(rebasing: modules[row * size..<(row + 1) * size])
            var column = 0
            while column < size {
                guard line[column] else {
                    column += 1
                    continue
                }
                let start = column
                while column < size, line[column] { column += 1 }
                body(start..<column)
            }
        }
    }
}
