// Release-build timings of what the market board prints, one typical payload each:
// `print-bench [seconds per measurement, default 2]`, best run on one pinned core.
// Prints tab-separated lines `<name>\t<value>`:
//   qr_matrix_per_s   payload → module matrix (libqrencode's encode plus one copy: the floor)
//   qr_png_per_s      payload → QR PNG bytes (1 bit, 8 px per module)
//   qr_png_bytes      the size of that PNG
import QRCode
import VietQR

let seconds = CommandLine.arguments.dropFirst().first.flatMap(Double.init) ?? 2
// NAPAS §6.1.3's dynamic payload: bank, account, amount, bill number, purpose.
let payload = try Payload(bankBIN: "970403", account: "0011012345678", amount: 180_000,
                          billNumber: "NPS6869", purpose: "thanh toan don hang").encoded()

/// Runs `body` until `seconds` have passed; returns runs per second and a value that keeps the
/// work observable.
func rate(_ body: () throws -> Int) rethrows -> (perSecond: Int, sink: Int) {
    let clock = ContinuousClock()
    let start = clock.now
    var runs = 0, sink = 0
    while clock.now - start < .seconds(seconds) {
        for _ in 0..<64 { sink &+= try body() }
        runs += 64
    }
    let elapsed = (clock.now - start) / .seconds(1)
    return (Int(Double(runs) / elapsed), sink)
}

let matrix = try rate { try QRMatrix(encoding: payload).size }
print("qr_matrix_per_s\t\(matrix.perSecond)")
let png = try rate { try QRMatrix(encoding: payload).png().count }
print("qr_png_per_s\t\(png.perSecond)")
print("qr_png_bytes\t\(try QRMatrix(encoding: payload).png().count)")
if matrix.sink == 42 && png.sink == 42 { print("") }  // keeps the work observable
