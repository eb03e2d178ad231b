import Foundation
import QRCode
import ReadBack
import Receipts
import Testing

/// A school's key in a trust list signed by a root key, written to files as a verifier gets them.
private struct Files {
    let folder: ScratchDirectory
    let key: SigningKey
    let root: SigningKey
    let trust: String
    let claims = SealClaims(
        series: "26T",
        number: 42,
        issuedAt: Date(timeIntervalSince1970: 1_788_573_600),
        amount: 105_000,
        feeLabel: "Học phí T9/2026",
        payerName: "Trần Văn Đức",
        payerReference: "HS0042-5A"
    )

    /// A trust list made `age` seconds ago (fresh by default), its key changed by `change`.
    init(age: TimeInterval = 0, change: (inout TrustList.Key) -> Void = { _ in }) throws {
        folder = try ScratchDirectory()
        key = try SigningKey.generate()
        root = try SigningKey.generate()
        var entry = TrustList.Key(
            kid: key.publicKey.kidHex,
            alg: .ed25519,
            publicKeyPem: key.publicKey.pem,
            unitId: 2,
            unitName: "Trường Tiểu học Điện Biên",
            taxCode: "2800123456",
            address: "Phường Điện Biên, Thanh Hóa",
            status: .active,
            validFrom: "2026-09-01T00:00:00+07:00",
            validTo: nil
        )
        change(&entry)
        var list = TrustList(issuedAt: Date().addingTimeInterval(-age).vietnamISO8601, keys: [entry], root: root.publicKey)
        try list.sign(with: root)
        trust = try folder.write(try list.json(), to: "trust-list.json")
    }

    func seal() throws -> String { try Seal.make(claims, key: key) }

    /// The receipt's seal dated `time` (ISO 8601).
    func seal(dated time: String) throws -> String {
        var claims = claims
        claims.issuedAt = ISO8601Time.date(time)!
        return try Seal.make(claims, key: key)
    }
}

@Suite("cashless receipt verify")
struct ReceiptVerifyCommandTests {
    @Test("a valid seal prints the receipt as issued and exits 0")
    func valid() throws {
        let files = try Files()
        let result = try CLI.run("receipt", "verify", try files.seal(), "--trust", files.trust)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Receipt: valid\n"))
        #expect(result.stdout.contains("Issuer:   Trường Tiểu học Điện Biên (MST 2800123456)"))
        #expect(result.stdout.contains("Receipt:  EBL01 26T 0000042"))
        #expect(result.stdout.contains("Payer:    Trần Văn Đức (HS0042-5A)"))
        #expect(result.stdout.contains("Amount:   105.000 đ (Một trăm linh năm nghìn đồng)"))
        #expect(result.stdout.contains("Issued:   2026-09-05T09:00:00+07:00"))
    }

    @Test("one changed character gives bad_signature or malformed, and exit 1")
    func tampered() throws {
        let files = try Files()
        var seal = Array(try files.seal())
        let index = seal.count - 10
        seal[index] = seal[index] == "A" ? "B" : "A"
        let result = try CLI.run("receipt", "verify", String(seal), "--trust", files.trust, "--json")
        #expect(result.status == 1)
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(["bad_signature", "malformed"].contains(report?["verdict"] as? String))
    }

    @Test("the seal is read from a PNG of its QR code and from a PDF")
    func images() throws {
        let files = try Files()
        let matrix = try QRMatrix(alphanumeric: try files.seal())
        let png = try files.folder.write(try matrix.png(scale: 4), to: "seal.png")
        #expect(try CLI.run("receipt", "verify", png, "--trust", files.trust).status == 0)
        let svg = try files.folder.write(Array(try matrix.svg(size: .millimetres(30)).utf8), to: "seal.svg")
        let pdf = files.folder.url.appendingPathComponent("seal.pdf").path
        #expect(try ReadBack.run("rsvg-convert", ["-f", "pdf", "-o", pdf, svg]).status == 0)
        let result = try CLI.run("receipt", "verify", pdf, "--trust", files.trust)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Receipt: valid"))
    }

    @Test("a receipt its status list names is replaced, exit 1")
    func replaced() throws {
        let files = try Files()
        var list = StatusList(
            unitId: 2,
            series: "26T",
            issuedAt: "2026-09-10T00:00:00+07:00",
            entries: [
                .init(formCode: "EBL01", series: "26T", number: 42, status: .replaced, by: "EBL01 26T 0000043")
            ],
            root: files.root.publicKey
        )
        try list.sign(with: files.root)
        let status = try files.folder.write(try list.json(), to: "status.json")
        let result = try CLI.run("receipt", "verify", try files.seal(), "--trust", files.trust, "--status", status)
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("Receipt: replaced\n"))
        #expect(result.stdout.contains("the receipt was replaced by EBL01 26T 0000043"))
    }

    @Test("a trust list changed after signing is refused, exit 2, nothing on stdout")
    func changedTrustList() throws {
        let files = try Files()
        let text = try String(contentsOfFile: files.trust, encoding: .utf8).replacingOccurrences(of: "Điện Biên, Thanh Hóa", with: "Hà Nội")
        let changed = try files.folder.write(Array(text.utf8), to: "changed.json")
        let result = try CLI.run("receipt", "verify", try files.seal(), "--trust", changed)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("the trust list's signature does not verify"))
    }

    @Test("a trust list under another root than --root is refused")
    func pinnedRoot() throws {
        let files = try Files()
        let other = try files.folder.write(Array(try SigningKey.generate().publicKey.pem.utf8), to: "other-root.pem")
        let mine = try files.folder.write(Array(files.root.publicKey.pem.utf8), to: "root.pem")
        #expect(try CLI.run("receipt", "verify", try files.seal(), "--trust", files.trust, "--root", other).status == 2)
        #expect(try CLI.run("receipt", "verify", try files.seal(), "--trust", files.trust, "--root", mine).status == 0)
    }

    @Test("a --root that is not a PEM public key is bad input: one 'error: --root:' line, exit 2, nothing on stdout")
    func rootNotAKey() throws {
        let files = try Files()
        let result = try CLI.run("receipt", "verify", try files.seal(), "--trust", files.trust, "--root", "-", input: "not a key\n")
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines == ["error: --root: standard input: not a PEM public key (-----BEGIN PUBLIC KEY-----)"])
    }

    @Test("an image without a seal says so, exit 2")
    func noSeal() throws {
        let files = try Files()
        let png = try files.folder.write(try QRMatrix(encoding: "00020101021138570010A000000727").png(), to: "vietqr.png")
        let result = try CLI.run("receipt", "verify", png, "--trust", files.trust)
        #expect(result.status == 2)
        #expect(result.stderr.contains("no receipt seal"))
    }
}

/// Inputs that are not regular files: standard input (`-`) and pipes (`<(…)`, `/dev/fd/N`).
@Suite("cashless receipt verify: standard input and pipes")
struct ReceiptVerifyInputTests {
    /// Runs `cashless` under bash, so that `script` can pass process substitutions; `$0` is the
    /// executable, `$1`… are `arguments`.
    private func bash(_ script: String, _ arguments: String...) throws -> ToolRun {
        try ReadBack.run("bash", ["-c", script, CLI.executable.path] + arguments)
    }

    @Test("--trust - reads the trust list from standard input and accepts a valid seal")
    func trustFromStandardInput() throws {
        let files = try Files()
        let list = try String(contentsOfFile: files.trust, encoding: .utf8)
        let result = try CLI.run("receipt", "verify", try files.seal(), "--trust", "-", input: list)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Receipt: valid\n"))
    }

    @Test("--trust <(cat FILE), a pipe at /dev/fd/N, accepts a valid seal")
    func trustFromProcessSubstitution() throws {
        let files = try Files()
        let result = try bash(#""$0" receipt verify "$1" --trust <(cat "$2")"#, try files.seal(), files.trust)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.text.hasPrefix("Receipt: valid\n"))
    }

    @Test("a receipt PNG through a pipe is read like the file itself")
    func imageFromPipe() throws {
        let files = try Files()
        let png = try files.folder.write(try QRMatrix(alphanumeric: try files.seal()).png(scale: 4), to: "seal.png")
        let result = try bash(#""$0" receipt verify <(cat "$1") --trust "$2""#, png, files.trust)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.text.hasPrefix("Receipt: valid\n"))
    }

    @Test("a receipt PDF through a pipe is told apart from an image and read")
    func pdfFromPipe() throws {
        let files = try Files()
        let svg = try files.folder.write(Array(try QRMatrix(alphanumeric: try files.seal()).svg(size: .millimetres(30)).utf8), to: "seal.svg")
        let pdf = files.folder.url.appendingPathComponent("seal.pdf").path
        #expect(try ReadBack.run("rsvg-convert", ["-f", "pdf", "-o", pdf, svg]).status == 0)
        let result = try bash(#""$0" receipt verify <(cat "$1") --trust "$2""#, pdf, files.trust)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.text.hasPrefix("Receipt: valid\n"))
    }

    @Test("a text file holding the seal is read as the seal, not as a picture")
    func sealTextFile() throws {
        let files = try Files()
        let text = try files.folder.write(Array((try files.seal() + "\n").utf8), to: "seal.txt")
        let result = try CLI.run("receipt", "verify", text, "--trust", files.trust)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Receipt: valid\n"))
    }

    @Test("the seal's text is read from standard input with -")
    func sealFromStandardInput() throws {
        let files = try Files()
        let result = try CLI.run("receipt", "verify", "-", "--trust", files.trust, input: try files.seal() + "\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Receipt: valid\n"))
    }

    @Test("a trust list that does not exist is named in one line on stderr, exit 2, nothing on stdout")
    func missingTrustList() throws {
        let files = try Files()
        let missing = files.folder.url.appendingPathComponent("no-such-list.json").path
        let result = try CLI.run("receipt", "verify", try files.seal(), "--trust", missing)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines == ["error: --trust: cannot read \(missing): No such file or directory"])
    }

    @Test("a trust list on standard input that is not JSON is bad input, exit 2, named as standard input")
    func notATrustList() throws {
        let files = try Files()
        let result = try CLI.run("receipt", "verify", try files.seal(), "--trust", "-", input: "not json\n")
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("error: --trust: standard input: not a TrustList JSON document"))
    }

    @Test("- for two inputs is refused before anything is read, exit 2")
    func twoStandardInputs() throws {
        let files = try Files()
        let list = try String(contentsOfFile: files.trust, encoding: .utf8)
        let result = try CLI.run("receipt", "verify", try files.seal(), "--trust", "-", "--status", "-", input: list)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("standard input (-) can be read only once"))
    }

    @Test("a trust list over 7 days old is used with a warning; over 30 days it is refused (exit 2), unless --max-trust-age allows it")
    func staleTrustList() throws {
        let week = try Files(age: 10 * 86_400)
        let warned = try CLI.run("receipt", "verify", try week.seal(), "--trust", week.trust)
        #expect(warned.status == 0, "\(warned.stderr)")
        #expect(warned.stdout.hasPrefix("Receipt: valid\n"))
        #expect(warned.stderrLines.count == 1)
        #expect(warned.stderr.hasPrefix("warning: --trust: "))
        #expect(warned.stderr.contains("trust-list.json: the trust list was made 10 days ago"))

        let month = try Files(age: 31 * 86_400)
        let refused = try CLI.run("receipt", "verify", try month.seal(), "--trust", month.trust)
        #expect(refused.status == 2)
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderr.contains("the trust list was made 31 days ago"))
        #expect(refused.stderr.contains("more than 30"))
        let allowed = try CLI.run("receipt", "verify", try month.seal(), "--trust", month.trust, "--max-trust-age", "60")
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stderr.hasPrefix("warning:"))
        let strict = try CLI.run("receipt", "verify", try week.seal(), "--trust", week.trust, "--max-trust-age", "5")
        #expect(strict.status == 2)
        #expect(try CLI.run("receipt", "verify", try week.seal(), "--trust", week.trust, "--max-trust-age", "-1").status == 2)
    }

    @Test("a seal dated at or after its key's superseded revocation is revoked_key (exit 1); one dated before is valid")
    func revokedKey() throws {
        let files = try Files { key in
            key.status = .revoked
            key.validTo = "2026-09-05T09:00:00+07:00"
            key.revokedAt = "2026-09-05T09:00:00+07:00"
            key.revocationReason = .superseded
        }
        let before = try CLI.run("receipt", "verify", try files.seal(dated: "2026-09-05T08:59:59+07:00"), "--trust", files.trust)
        #expect(before.status == 0, "\(before.stdout)")
        #expect(before.stdout.contains("Revoked:  from 2026-09-05T09:00:00+07:00 (superseded)"))
        let at = try CLI.run("receipt", "verify", try files.seal(), "--trust", files.trust, "--json")
        #expect(at.status == 1)
        let report = try JSONSerialization.jsonObject(with: Data(at.stdout.utf8)) as? [String: Any]
        #expect(report?["verdict"] as? String == "revoked_key")
        #expect((report?["issuer"] as? [String: Any])?["revokedAt"] as? String == "2026-09-05T09:00:00+07:00")
        #expect((report?["issuer"] as? [String: Any])?["revocationReason"] as? String == "superseded")
    }

    @Test("a seal dated outside its key's validity is outside_validity, exit 1")
    func outsideValidity() throws {
        let files = try Files()
        let early = try CLI.run("receipt", "verify", try files.seal(dated: "2026-08-31T23:59:59+07:00"), "--trust", files.trust)
        #expect(early.status == 1)
        #expect(early.stdout.hasPrefix("Receipt: outside_validity\n"))
        #expect(early.stdout.contains("before its key \(files.key.publicKey.kidHex) was valid (from 2026-09-01T00:00:00+07:00)"))
    }
}
