import CQREncode

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The one owner of a symbol made by libqrencode: it frees it when it goes out of scope, and it
/// cannot be copied, so it is freed exactly once. Nothing else in the package sees a `QRcode*`.
struct EncodedSymbol: ~Copyable {
    private let symbol: UnsafeMutablePointer<QRcode>

    /// Encodes `bytes` in 8-bit mode (or, with `alphanumeric`, in the alphanumeric mode, which
    /// the bytes must fit) at the smallest version that holds them, after an ECI designator when
    /// `eci` is given (26 declares UTF-8), with data mask `mask` (0–7), or with the one
    /// libqrencode finds best when `mask` is `nil`.
    init(
        bytes: [UInt8],
        eci: UInt32?,
        errorCorrection: QRMatrix.ErrorCorrection,
        alphanumeric: Bool = false,
        mask: Int? = nil
    ) throws(QRCodeError) {
        let level: QRecLevel =
            switch errorCorrection {
            case .low: QR_ECLEVEL_L
            case .medium: QR_ECLEVEL_M
            case .quartile: QR_ECLEVEL_Q
            case .high: QR_ECLEVEL_H
            }
        // The input list is only needed while encoding; it is freed before this returns.
        guard let input = QRinput_new2(0, level) else { throw .encoderFailed(errno: errno) }
        defer { QRinput_free(input) }
        if let eci, QRinput_appendECIheader(input, eci) != 0 { throw .encoderFailed(errno: errno) }
        let appended = bytes.withUnsafeBufferPointer { buffer in
            QRinput_append(input, alphanumeric ? QR_MODE_AN : QR_MODE_8, Int32(buffer.count), buffer.baseAddress)
        }
        guard appended == 0 else { throw .encoderFailed(errno: errno) }
        guard let made = QRcode_encodeMask(input, mask.map(Int32.init) ?? -1) else { throw .encoderFailed(errno: errno) }
        symbol = made
    }

    deinit { QRcode_free(symbol) }

    /// The symbol's version, 1–40.
    var version: Int { Int(symbol.pointee.version) }

    /// Modules per side.
    var width: Int { Int(symbol.pointee.width) }

    /// The module bytes, row by row: bit 0 is set on dark modules, bit 7 on function patterns
    /// (finders, timing, alignment, format and version information), bit 2 on format information.
    func withModules<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        body(UnsafeBufferPointer(start: symbol.pointee.data, count: width * width))
    }

    /// Whether each module is dark, row by row: libqrencode sets bit 0 of a module's byte when it is dark.
    var darkModules: [Bool] {
        let count = width * width
        let data = symbol.pointee.data!
        return [Bool](unsafeUninitializedCapacity: count) { modules, initialized in
            for index in 0..<count { modules[index] = data[index] & 1 == 1 }
            initialized = count
        }
    }
}
