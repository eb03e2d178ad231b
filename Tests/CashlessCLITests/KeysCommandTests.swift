import Foundation
import ReadBack
import Receipts
import Synchronization
import Testing

/// A fresh data directory with the demo commune (unit 2 is its school, unit 3 its clinic, each
/// with the sealing key the demo gave it), as `cashless demo` makes it.
private struct Deployment {
    let folder: ScratchDirectory
    var environment: [String: String]
    /// The kids of the keys the demo made.
    var demoKeys: Set<String> = []

    init(passphrase: String? = nil) throws {
        folder = try ScratchDirectory()
        environment = ["CASHLESS_DATA_DIR": folder.url.path, "CASHLESS_DATABASE_URL": "sqlite:cashless.sqlite"]
        if let passphrase { environment["CASHLESS_KEY_PASSPHRASE"] = passphrase }
        let demo = try CLI.run("demo", environment: environment)
        precondition(demo.status == 0, demo.stderr)
        demoKeys = Set(try trustList().keys.map(\.kid))
    }

    func run(_ arguments: String...) throws -> CLI.Result {
        try CLI.runArguments(arguments, environment: environment)
    }

    func keyFile(_ kid: String) -> String { folder.url.appendingPathComponent("keys/\(kid).pem").path }

    func trustList() throws -> TrustList {
        let export = try run("trust-list", "export")
        precondition(export.status == 0, export.stderr)
        return try TrustList.read(Array(export.stdout.utf8))
    }

    /// The trust list's keys the tests made (not the demo's).
    func newKeys() throws -> [TrustList.Key] {
        try trustList().keys.filter { !demoKeys.contains($0.kid) }
    }
}

@Suite("cashless keys and trust-list")
struct KeysCommandTests {
    @Test("a generated key is a 0600 file, active in the signed trust list, and seals receipts that verify")
    func generate() throws {
        let deployment = try Deployment()
        let generated = try deployment.run("keys", "generate", "--unit", "2")
        #expect(generated.status == 0, "\(generated.stderr)")
        let kid = generated.stdout.trimmingCharacters(in: .newlines)
        #expect(kid.count == 16)
        let attributes = try FileManager.default.attributesOfItem(atPath: deployment.keyFile(kid))
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let key = try SigningKey(pem: String(contentsOfFile: deployment.keyFile(kid), encoding: .utf8))
        #expect(key.publicKey.kidHex == kid)

        let list = try deployment.trustList()
        #expect(list.isSigned())
        let new = try deployment.newKeys()
        #expect(new.map(\.kid) == [kid])
        #expect(new.first?.unitName == "Trường Tiểu học Điện Biên")
        #expect(new.first?.status == .active)
        #expect(deployment.demoKeys.count == 10, "the keys of the demo province's five schools and five clinics")
        #expect(list.keys.filter { $0.unitId == 2 && $0.kid != kid }.map(\.status) == [.verifyOnly], "the demo's school key stays, verify-only")

        let seal = try Seal.make(
            SealClaims(
                series: "26T",
                number: 1,
                issuedAt: Date(),
                amount: 150_000,
                feeLabel: "Học phí T9/2026",
                payerName: "Lê Thị Ánh"
            ),
            key: key
        )
        let trust = try deployment.folder.write(try list.json(), to: "trust.json")
        #expect(try CLI.run("receipt", "verify", seal, "--trust", trust).status == 0)
    }

    @Test("a second key makes the first verify-only, and the first key's receipts stay valid")
    func rotation() throws {
        let deployment = try Deployment()
        let first = try deployment.run("keys", "generate", "--unit", "2").stdout.trimmingCharacters(in: .newlines)
        let second = try deployment.run("keys", "generate", "--unit", "2", "--alg", "es256").stdout.trimmingCharacters(in: .newlines)
        let list = try deployment.trustList()
        let new = try deployment.newKeys()
        #expect(new.map(\.kid) == [first, second])
        #expect(new.map(\.status) == [.verifyOnly, .active])
        #expect(new.map(\.alg) == [.ed25519, .es256])
        #expect(new[0].validTo != nil)
        let old = try SigningKey(pem: String(contentsOfFile: deployment.keyFile(first), encoding: .utf8))
        // A receipt sealed while the first key was active stays valid; one dated after it stopped is not.
        let sealedThen = try #require(ISO8601Time.date(new[0].validTo ?? ""))
        let seal = try Seal.make(SealClaims(series: "26T", number: 7, issuedAt: sealedThen, amount: 1, feeLabel: "Phí", payerName: "A"), key: old)
        #expect(SealVerifier(trustList: list).verify(seal).verdict == .valid)
        let afterwards = sealedThen.addingTimeInterval(60)
        let late = try Seal.make(SealClaims(series: "26T", number: 8, issuedAt: afterwards, amount: 1, feeLabel: "Phí", payerName: "A"), key: old)
        #expect(SealVerifier(trustList: list).verify(late).verdict == .outsideValidity)
    }

    @Test("keys revoke marks the key revoked in the signed trust list, with its time and reason, and its later seals are refused")
    func revoke() throws {
        let deployment = try Deployment()
        let kid = try #require(try deployment.trustList().keys.first { $0.unitId == 2 }?.kid)
        let key = try SigningKey(pem: String(contentsOfFile: deployment.keyFile(kid), encoding: .utf8))
        let validFrom = try #require(ISO8601Time.date(try deployment.trustList().keys.first { $0.kid == kid }?.validFrom ?? ""))
        // Revoked from a second after the key was made: wait for the clock to pass it.
        while Date().timeIntervalSince1970 < validFrom.timeIntervalSince1970 + 2 { Thread.sleep(forTimeInterval: 0.02) }
        let at = validFrom.addingTimeInterval(1)
        let revoked = try deployment.run("keys", "revoke", kid, "--reason", "superseded", "--at", at.vietnamISO8601)
        #expect(revoked.status == 0, "\(revoked.stderr)")
        #expect(revoked.stdout == "\(kid) revoked (superseded) from \(at.vietnamISO8601), unit 2\n")
        let list = try deployment.trustList()
        #expect(list.isSigned())
        let entry = try #require(list.keys.first { $0.kid == kid })
        #expect(entry.status == .revoked)
        #expect(entry.revokedAt == at.vietnamISO8601)
        #expect(entry.revocationReason == .superseded)

        let trust = try deployment.folder.write(try list.json(), to: "trust.json")
        func seal(_ date: Date) throws -> String {
            try Seal.make(SealClaims(series: "26T", number: 9, issuedAt: date, amount: 1, feeLabel: "Phí", payerName: "A"), key: key)
        }
        #expect(try CLI.run("receipt", "verify", try seal(validFrom), "--trust", trust).status == 0, "sealed before the revocation")
        let late = try CLI.run("receipt", "verify", try seal(Date()), "--trust", trust)
        #expect(late.status == 1)
        #expect(late.stdout.hasPrefix("Receipt: revoked_key\n"))

        let again = try deployment.run("keys", "revoke", kid, "--reason", "compromised")
        #expect(again.status == 0)
        #expect(again.stdout == "\(kid) revoked (compromised) from \(at.vietnamISO8601), unit 2\n", "the time stays; compromised replaces superseded")
    }

    @Test("keys revoke refuses an unknown kid, an unknown reason and a time to come or unreadable, exit 2, changing nothing")
    func revokeRefusals() throws {
        let deployment = try Deployment()
        let kid = try #require(try deployment.trustList().keys.first { $0.unitId == 2 }?.kid)
        let cases: [([String], String)] = [
            (["keys", "revoke", "ffffffffffffffff"], "error: no key has the kid 'ffffffffffffffff'"),
            (["keys", "revoke", kid, "--reason", "lost"], "error: --reason: is compromised or superseded, not 'lost'"),
            (["keys", "revoke", kid, "--at", "2999-01-01"], "error: --at: a revocation counts from now or a time past"),
            (["keys", "revoke", kid, "--at", "20/11/2026"], "error: --at: '20/11/2026' is not a time written as"),
        ]
        for (arguments, message) in cases {
            let result = try CLI.runArguments(arguments, environment: deployment.environment)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stdout.isEmpty, "\(arguments)")
            #expect(result.stderr.hasPrefix(message), "\(arguments): \(result.stderr)")
        }
        #expect(try deployment.trustList().keys.allSatisfy { $0.status != .revoked })
    }

    @Test("commands started at once on a new deployment agree on one root key")
    func oneRoot() throws {
        let folder = try ScratchDirectory()
        let environment = ["CASHLESS_DATA_DIR": folder.url.path, "CASHLESS_DATABASE_URL": "sqlite:cashless.sqlite"]
        let signers = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 6) { _ in
            let export = try? CLI.run("trust-list", "export", environment: environment)
            let signer = export.flatMap { try? TrustList.read(Array($0.stdout.utf8)).signer.kid } ?? "failed: \(export?.stderr ?? "")"
            signers.withLock { $0.append(signer) }
        }
        let kids = signers.withLock { $0 }
        #expect(Set(kids).count == 1, "\(kids)")
        let root = try SigningKey(pem: String(contentsOfFile: folder.url.appendingPathComponent("keys/root.pem").path, encoding: .utf8))
        #expect(kids.first == root.publicKey.kidHex)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.appendingPathComponent("keys").path) == ["root.pem"])
    }

    @Test("a PKCS#12 file a unit already holds is imported with its password")
    func importPKCS12() throws {
        let deployment = try Deployment()
        let key = deployment.folder.url.appendingPathComponent("unit.pem").path
        let cert = deployment.folder.url.appendingPathComponent("unit.crt").path
        let p12 = deployment.folder.url.appendingPathComponent("unit.p12").path
        #expect(try ReadBack.run("openssl", ["genpkey", "-algorithm", "ed25519", "-out", key]).status == 0)
        #expect(
            try ReadBack.run("openssl", ["req", "-x509", "-new", "-key", key, "-out", cert, "-days", "30", "-subj", "/CN=Tram Y te"]).status == 0
        )
        #expect(try ReadBack.run("openssl", ["pkcs12", "-export", "-inkey", key, "-in", cert, "-out", p12, "-passout", "pass:s3cret"]).status == 0)
        let wrong = try deployment.run("keys", "import", "--unit", "3", p12, "--password", "nope")
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("the password does not open the PKCS#12 file"))
        let imported = try deployment.run("keys", "import", "--unit", "3", p12, "--password", "s3cret")
        #expect(imported.status == 0, "\(imported.stderr)")
        let expected = try SigningKey(pem: String(contentsOfFile: key, encoding: .utf8)).publicKey.kidHex
        #expect(imported.stdout == expected + "\n")
        #expect(try deployment.newKeys().map(\.unitName) == ["Trạm Y tế phường Điện Biên"])
    }

    @Test("with CASHLESS_KEY_PASSPHRASE the key file is encrypted, and the trust list still exports")
    func encrypted() throws {
        let deployment = try Deployment(passphrase: "khóa bí mật")
        let kid = try deployment.run("keys", "generate", "--unit", "2").stdout.trimmingCharacters(in: .newlines)
        let pem = try String(contentsOfFile: deployment.keyFile(kid), encoding: .utf8)
        #expect(pem.contains("BEGIN ENCRYPTED PRIVATE KEY"))
        #expect(try SigningKey(pem: pem, password: "khóa bí mật").publicKey.kidHex == kid)
        #expect(try deployment.trustList().isSigned())
    }

    @Test("a unit that does not exist is refused, exit 2, and no key file is left")
    func unknownUnit() throws {
        let deployment = try Deployment()
        let result = try deployment.run("keys", "generate", "--unit", "99")
        #expect(result.status == 2)
        #expect(result.stderr.contains("--unit: there is no unit 99"))
        let files = (try? FileManager.default.contentsOfDirectory(atPath: deployment.folder.url.appendingPathComponent("keys").path)) ?? []
        #expect(Set(files.filter { $0 != "root.pem" }) == Set(deployment.demoKeys.map { "\($0).pem" }), "only the demo's keys")
    }
}
