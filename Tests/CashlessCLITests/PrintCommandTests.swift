import Foundation
import ReadBack
import Testing

@Suite("cashless qr encode --format, cashless sheet")
struct PrintCommandTests {
    static let stalls = """
        Quầy;Họ tên;Ngân hàng;Số tài khoản;Chủ tài khoản
        Q12;Nguyễn Thị Hoà;Vietcombank;0011001800879;NGUYEN THI HOA
        Q2;Trần Văn Đức (rau củ, trái cây);970415;113366668888;TRAN VAN DUC
        Q10;Lê Thị Ánh Tuyết;MB;0123456789;LE THI ANH TUYET

        """

    @Test("--format png writes a QR image that zbarimg reads as exactly the payload")
    func png() throws {
        let directory = try ScratchDirectory()
        let path = directory.url.appendingPathComponent("q.png").path
        let text = try CLI.run("qr", "encode", "--bank", "VCB", "--account", "0011001800879", "--amount", "150000")
        let image = try CLI.run(
            "qr",
            "encode",
            "--bank",
            "VCB",
            "--account",
            "0011001800879",
            "--amount",
            "150000",
            "--format",
            "png",
            "--output",
            path
        )
        #expect(image.status == 0)
        #expect(try ZBar.read(imageAt: path) == [String(text.stdout.dropLast())])
    }

    @Test("--format svg writes one crisp path to standard output")
    func svg() throws {
        let result = try CLI.run("qr", "encode", "--bank", "VCB", "--account", "0011001800879", "--format", "svg")
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("<svg") || result.stdout.hasPrefix("<?xml"))
        #expect(result.stdout.contains("shape-rendering=\"crispEdges\""))
    }

    @Test("--format pdf writes a placard showing the name with its diacritics and the fixed amount")
    func placard() throws {
        let directory = try ScratchDirectory()
        let path = directory.url.appendingPathComponent("placard.pdf").path
        let result = try CLI.run(
            "qr",
            "encode",
            "--bank",
            "VCB",
            "--account",
            "0011001800879",
            "--amount",
            "150000",
            "--name",
            "Nguyễn Thị Hoà",
            "--store",
            "Q12",
            "--holder",
            "NGUYEN THI HOA",
            "--format",
            "pdf",
            "--output",
            path
        )
        #expect(result.status == 0, "\(result.stderr)")
        let text = try Poppler.text(pdfAt: path).joined(separator: "\n")
        #expect(text.contains("Nguyễn Thị Hoà"))
        #expect(text.contains("150.000 đ"))
        #expect(text.contains("NGUYEN THI HOA"))
    }

    @Test("sheet: one PDF of the market's placards, every code readable, names with diacritics, the footer")
    func sheet() throws {
        let directory = try ScratchDirectory()
        let csv = directory.url.appendingPathComponent("stalls.csv").path
        try Data(Self.stalls.utf8).write(to: URL(fileURLWithPath: csv))
        let pdf = directory.url.appendingPathComponent("sheet.pdf").path
        let result = try CLI.run("sheet", "--vendors", csv, "--market", "Chợ Điện Biên", "--output", pdf, "--per-page", "2")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("3 stalls, 2 pages"))
        let pages = try Poppler.rasterise(pdfAt: pdf, dpi: 150, pageCount: 2, into: directory)
        let codes = try ZBar.read(pagesAt: pages, expected: [2, 1]).flatMap { $0 }
        #expect(codes.count == 3)
        #expect(Set(codes).count == 3)
        #expect(codes.allSatisfy { $0.contains("A000000727") })
        let text = try Poppler.text(pdfAt: pdf).joined(separator: "\n")
        for name in ["Nguyễn Thị Hoà", "Trần Văn Đức (rau củ, trái cây)", "Lê Thị Ánh Tuyết", "Chợ Điện Biên — trang 2/2"] {
            #expect(text.contains(name), "\(name)")
        }
        // Stall order: Q2, Q10, Q12.
        let order = ["Quầy Q2", "Quầy Q10", "Quầy Q12"].compactMap { text.range(of: $0)?.lowerBound }
        #expect(order == order.sorted() && order.count == 3)
    }

    @Test("sheet: every bad row is reported with line and column, exit 2, and no PDF is written")
    func badRows() throws {
        let directory = try ScratchDirectory()
        let csv = directory.url.appendingPathComponent("bad.csv").path
        try Data((Self.stalls + "Q12;Đỗ Văn Em;Ngân hàng Mặt Trăng;123;DO VAN EM\n").utf8).write(to: URL(fileURLWithPath: csv))
        let pdf = directory.url.appendingPathComponent("sheet.pdf").path
        let result = try CLI.run("sheet", "--vendors", csv, "--market", "Chợ Điện Biên", "--output", pdf)
        #expect(result.status == 2)
        #expect(
            result.stderrLines == [
                "error: \(csv): line 5, column 'Quầy': stall Q12 is already on line 2",
                "error: \(csv): line 5, column 'Ngân hàng': no bank is called 'Ngân hàng Mặt Trăng'; write its BIN or short name (`cashless banks` lists them)",
            ]
        )
        #expect(!FileManager.default.fileExists(atPath: pdf))
    }

    @Test("sheet: --per-page other than 1, 2, 4 or 8 is refused")
    func perPage() throws {
        let result = try CLI.run("sheet", "--vendors", "x.csv", "--market", "Chợ", "--output", "x.pdf", "--per-page", "3")
        #expect(result.status == 2)
        #expect(result.stderr.contains("--per-page"))
    }
}
