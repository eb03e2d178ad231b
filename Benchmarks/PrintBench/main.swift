import Foundation
// Release-build timings of what the market board prints, one typical payload each:
// `print-bench [seconds per measurement, default 2] [qr|placard|sheet]`, best run on one pinned
// core; the last argument runs one group only (to profile it). `print-bench 200x qr` runs each
// measurement exactly 200 times instead, for instruction counts under `valgrind --tool=callgrind`.
// Prints tab-separated lines `<name>\t<value>`:
//   qr_matrix_per_s     payload → module matrix (libqrencode places the codewords, the mask is
//                       chosen in Sources/QRCode/DataMask.swift)
//   qr_png_per_s        payload → QR PNG bytes (1 bit, 8 px per module)
//   qr_png_bytes        the size of that PNG
//   placard_png_per_s   payload → A6 placard PNG bytes at 150 dpi
//   placard_pdf_ms      payload → one-placard A6 PDF bytes, milliseconds
//   sheet_1000_s        1,000 stalls → market sheet PDF (4 per page), seconds
//   sheet_1000_bytes    the size of that PDF
import Printing
import QRCode
import VietQR

let budget = CommandLine.arguments.dropFirst().first ?? "2"
let iterations = budget.hasSuffix("x") ? Int(budget.dropLast()) : nil
let seconds = Double(budget) ?? 2
let only = CommandLine.arguments.dropFirst(2).first
func runs(_ group: String) -> Bool { only == nil || only == group }
// NAPAS §6.1.3's dynamic payload: bank, account, amount, bill number, purpose.
let napas = Payload(
    bankBIN: "970403",
    account: "0011012345678",
    amount: 180_000,
    billNumber: "NPS6869",
    purpose: "thanh toan don hang"
)
let payload = try napas.encoded()
let sacombank = Bank(bin: "970403", shortName: "Sacombank", name: "Ngân hàng TMCP Sài Gòn Thương Tín")
let placard = try Placard(
    stallCode: "Q12",
    holderName: "Nguyễn Thị Hoà – Quầy 12",
    accountHolder: "NGUYEN THI HOA",
    bank: sacombank,
    payload: napas
)

/// Runs `body` until `seconds` have passed; returns runs per second and a value that keeps the
/// work observable.
func rate(batch: Int = 64, _ body: () throws -> Int) rethrows -> (perSecond: Double, sink: Int) {
    if let iterations {
        var sink = 0
        for _ in 0..<iterations { sink &+= try body() }
        return (Double(iterations), sink)
    }
    let clock = ContinuousClock()
    let start = clock.now
    var runs = 0
    var sink = 0
    while clock.now - start < .seconds(seconds) {
        for _ in 0..<batch { sink &+= try body() }
        runs += batch
    }
    return (Double(runs) / ((clock.now - start) / .seconds(1)), sink)
}

var sink = 0
if runs("qr") {
    let matrix = try rate { try QRMatrix(encoding: payload).size }
    print("qr_matrix_per_s\t\(Int(matrix.perSecond))")
    let png = try rate { try QRMatrix(encoding: payload).png().count }
    print("qr_png_per_s\t\(Int(png.perSecond))")
    print("qr_png_bytes\t\(try QRMatrix(encoding: payload).png().count)")
    sink &+= matrix.sink &+ png.sink
}
if runs("placard") {
    let placardPNG = try rate(batch: 4) { try placard.png().count }
    print("placard_png_per_s\t\(Int(placardPNG.perSecond))")
    let placardPDF = try rate(batch: 4) { try placard.pdf().count }
    print("placard_pdf_ms\t\(String(format: "%.2f", 1000 / placardPDF.perSecond))")
    sink &+= placardPNG.sink &+ placardPDF.sink
}

// A market of 1,000 stalls, each with its own static code.
if runs("sheet") {
    let banks = BankDirectoryFixture.banks
    let stalls = (0..<1000).map { index -> Placard in
        let bank = banks[index % banks.count]
        let person = BankDirectoryFixture.person(index)
        let holder = ASCIIFolding.fold(person).uppercased()
        let code = Payload(
            bankBIN: bank.bin,
            account: String(1_000_000_000 + index * 7_919),
            merchantName: holder,
            store: "Q\(index + 1)",
            alternateLanguage: .init(name: person)
        )
        return try! Placard(stallCode: "Q\(index + 1)", holderName: person, accountHolder: holder, bank: bank, payload: code)
    }
    let clock = ContinuousClock()
    let start = clock.now
    let sheet = try MarketSheet(market: "Chợ Điện Biên", placards: stalls).pdf()
    print("sheet_1000_s\t\(String(format: "%.2f", (clock.now - start) / .seconds(1)))")
    print("sheet_1000_bytes\t\(sheet.count)")
}
if sink == 42 { print("") }  // keeps the work observable
