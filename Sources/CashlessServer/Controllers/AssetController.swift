import Foundation
import Hummingbird

/// The pages' static files (`Resources/Assets`), read once: `verify.js` (the verify page's camera
/// scan) and `copy.js` (the payer's page's copy buttons).
struct AssetController {
    static let scripts: [String: ByteBuffer] = Dictionary(
        uniqueKeysWithValues: ["verify", "copy"].map { name in
            guard let url = Bundle.module.url(forResource: "Assets/\(name)", withExtension: "js"), let data = try? Data(contentsOf: url) else {
                preconditionFailure("Resources/Assets/\(name).js is missing from the bundle")
            }
            return (name, ByteBuffer(bytes: data))
        }
    )

    func addRoutes(to router: Router<AppRequestContext>) {
        for (name, script) in Self.scripts {
            router.get("assets/\(name).js") { _, _ in
                Response(
                    status: .ok,
                    headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=3600"],
                    body: .init(byteBuffer: script)
                )
            }
        }
    }
}
