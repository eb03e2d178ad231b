import Foundation
import FuzzEntries
import FuzzServerEntries
import Receipts
import Testing

/// Every input of `Tests/Fixtures/fuzz/<target>/` (the seeds, and every crash a fuzzer found,
/// kept once fixed) replayed through the target's entry, as `scripts/fuzz` runs it. A crash
/// stops the test process.
@Suite("Fuzz inputs replayed")
struct ReplayTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz")

    /// The inputs kept for `target`; there is always at least one.
    static func inputs(_ target: String) throws -> [[UInt8]] {
        let folder = fixtures.appendingPathComponent(target)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(!names.isEmpty, "Tests/Fixtures/fuzz/\(target) holds no input")
        return try names.map { try [UInt8](Data(contentsOf: folder.appendingPathComponent($0))) }
    }

    @Test("emv: the EMV and VietQR decoder") func emv() throws { try Self.inputs("emv").forEach(FuzzEntries.emv) }
    @Test("seal: Base45, CBOR, COSE and the seal's verification") func seal() throws { try Self.inputs("seal").forEach(FuzzEntries.seal) }
    @Test("csv: the stall, bill and statement lists") func csv() throws { try Self.inputs("csv").forEach(FuzzEntries.csv) }
    @Test("form: URL-encoded and multipart forms") func form() throws { try Self.inputs("form").forEach(FuzzServerEntries.form) }
    @Test("webhook: a bank notification's JSON") func webhook() throws { try Self.inputs("webhook").forEach(FuzzServerEntries.webhook) }

    /// The seal seeds are signed with the target's key, so the fuzzer starts past the signature check.
    @Test("the seal seeds are valid seals of the fuzz trust list")
    func sealSeedsAreValid() throws {
        let folder = Self.fixtures.appendingPathComponent("seal")
        let seeds = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("seal-") }
        #expect(!seeds.isEmpty)
        for name in seeds {
            let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
            let text = name.hasSuffix(".txt") ? String(decoding: bytes, as: UTF8.self) : Seal.prefix + Base45.encode(bytes)
            #expect(FuzzEntries.sealVerifier.verify(text).verdict == .valid, "\(name)")
        }
    }
}
