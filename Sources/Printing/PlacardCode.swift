import Dispatch
import QRCode
import Synchronization

/// A placard's QR code, made ahead of drawing: the matrix and the bars that draw it. Made on
/// any thread, so that a sheet makes its codes on every core while one thread draws.
struct PlacardCode: Sendable {
    let matrix: QRMatrix
    let bars: [QRMatrix.Bar]

    init(_ placard: Placard) throws(PrintingError) {
        do {
            matrix = try QRMatrix(encoding: placard.payload)
        } catch {
            throw .qrCode(stallCode: placard.stallCode, error)
        }
        bars = matrix.coveringBars()
    }

    /// The codes of `placards`, in their order, made concurrently.
    static func make(for placards: [Placard]) throws(PrintingError) -> [PlacardCode] {
        let results = Mutex([Result<PlacardCode, PrintingError>?](repeating: nil, count: placards.count))
        DispatchQueue.concurrentPerform(iterations: placards.count) { index in
            let result = Result { () throws(PrintingError) in try PlacardCode(placards[index]) }
            results.withLock { $0[index] = result }
        }
        var codes: [PlacardCode] = []
        codes.reserveCapacity(placards.count)
        for result in results.withLock({ $0 }) { codes.append(try result!.get()) }
        return codes
    }
}
