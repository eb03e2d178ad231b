import QRCode
import Synchronization

/// QR PNGs drawn lately, by payload: a stall's code is fetched again and again (every placard
/// printed, every payer's phone that opens the link) and drawing it is most of the request's work.
/// The same payload always draws the same bytes, so a kept image is never stale.
final class DrawnCodes: Sendable {
    /// The most images kept (a stall's PNG is about a kilobyte); past it, the kept ones are
    /// dropped and drawing starts over.
    static let capacity = 4_096

    private let images = Mutex<[String: [UInt8]]>([:])

    /// The PNG of `payload`, drawn now or kept from before.
    func png(_ payload: String) throws -> [UInt8] {
        if let kept = images.withLock({ $0[payload] }) { return kept }
        let png = try QRMatrix(encoding: payload).png()
        images.withLock { images in
            if images.count >= Self.capacity { images.removeAll(keepingCapacity: true) }
            images[payload] = png
        }
        return png
    }
}
