import Testing

@Suite("cashless qr encode")
struct QREncodeCommandTests {
    @Test("Prints the payload and a newline, dynamic with an amount (NAPAS §6.1.3)")
    func dynamicPayload() throws {
        let result = try CLI.run(
            "qr",
            "encode",
            "--bank",
            "970403",
            "--account",
            "0011012345678",
            "--amount",
            "180000",
            "--bill",
            "NPS6869",
            "--purpose",
            "thanh toan don hang"
        )
        #expect(result.status == 0)
        #expect(
            result.stdout
                == "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E\n"
        )
        #expect(result.stderr.isEmpty)
    }

    @Test("Without an amount the code is static; the bank may be a short name in any case")
    func staticByShortName() throws {
        let result = try CLI.run("qr", "encode", "--bank", "sacombank", "--account", "0011012345678")
        #expect(result.stdout == "00020101021138570010A00000072701270006970403011300110123456780208QRIBFTTA53037045802VN63049E6F\n")
    }

    @Test("--card writes service QRIBFTTC (NAPAS §6.1.2)")
    func card() throws {
        let result = try CLI.run("qr", "encode", "--bank", "970403", "--account", "9704031101234567", "--card")
        #expect(result.stdout == "00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC53037045802VN63044F52\n")
    }

    @Test("--static with an amount is honoured, with a warning on stderr")
    func staticWithAmount() throws {
        let result = try CLI.run("qr", "encode", "--bank", "970415", "--account", "113366668888", "--amount", "70001", "--static")
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("000201010211"))
        #expect(result.stderr.contains("warning: --static/--dynamic:"))
    }

    @Test("Vietnamese text is folded to ASCII; the name keeps its diacritics in tag 64")
    func vietnameseText() throws {
        let result = try CLI.run(
            "qr",
            "encode",
            "--bank",
            "VCB",
            "--account",
            "0011001800879",
            "--name",
            "Nguyễn Thị Hoà – Quầy 12",
            "--purpose",
            "Học phí tháng 9"
        )
        #expect(result.status == 0)
        #expect(result.stdout.contains("5924Nguyen Thi Hoa - Quay 12"))
        #expect(result.stdout.contains("0815Hoc phi thang 9"))
        #expect(result.stdout.contains("64340002vi0124Nguyễn Thị Hoà – Quầy 12"))
    }

    @Test("Bad input: one line per problem naming the option, exit 2, nothing on stdout")
    func badInput() throws {
        let result = try CLI.run(
            "qr",
            "encode",
            "--bank",
            "970436",
            "--account",
            "0011-0018",
            "--amount",
            "150000.00",
            "--purpose",
            "Thu tiền điện nước tháng mười một"
        )
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        let lines = result.stderrLines
        #expect(lines.count == 3, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("error: --account:") })
        #expect(lines.contains { $0.hasPrefix("error: --amount:") && $0.contains("150000.00") && $0.contains("decimals") })
        #expect(lines.contains { $0.hasPrefix("error: --purpose:") && $0.contains("at most 25") })
    }

    @Test("A short name two banks share is refused, naming both BINs")
    func ambiguousBank() throws {
        let result = try CLI.run("qr", "encode", "--bank", "BVB", "--account", "123456")
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines == ["error: --bank: 'BVB' names several banks (970438 BaoVietBank, 970454 VietCapitalBank); give the BIN"])
    }

    @Test("An unknown bank name is refused; an unknown BIN passes with a warning")
    func unknownBank() throws {
        let name = try CLI.run("qr", "encode", "--bank", "Ngân hàng Mặt Trăng", "--account", "123456")
        #expect(name.status == 2)
        #expect(name.stderr.contains("error: --bank: no bank is called"))
        let bin = try CLI.run("qr", "encode", "--bank", "999999", "--account", "123456")
        #expect(bin.status == 0)
        #expect(bin.stderr.contains("warning: --bank:"))
    }

    @Test("A missing required option exits 2 with ArgumentParser's message")
    func missingOption() throws {
        let result = try CLI.run("qr", "encode", "--account", "123456")
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("--bank"))
    }
}
