// Throughput of the VietQR codec on one typical dynamic payload (NAPAS §6.1.3), driven by
// scripts/bench on one pinned core: `vietqr-bench [seconds] [encode|decode]`.
// `vietqr-bench 20000x decode` runs exactly 20,000 operations instead, for instruction counts
// under `valgrind --tool=callgrind`, which are repeatable where times on a shared machine are not.
// Prints tab-separated lines: `encode <ops/s>` and `decode <ops/s>`, like Benchmarks/c/vietqr_ref.c.
import VietQR

let budget = CommandLine.arguments.dropFirst().first ?? "2"
let iterations = budget.hasSuffix("x") ? Int(budget.dropLast()) : nil
let seconds = Double(budget) ?? 2
let payload = Payload(
    bankBIN: "970403",
    account: "0011012345678",
    amount: 180_000,
    billNumber: "NPS6869",
    purpose: "thanh toan don hang"
)
let expected =
    "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E"
guard try payload.encoded() == expected, DecodedPayload(expected).isValid, DecodedPayload(expected).amount == 180_000 else {
    fatalError("the benchmark payload does not encode or decode as NAPAS §6.1.3 says")
}

/// Runs `body` in batches until `seconds` have passed; returns operations per second.
func measure(_ body: () -> Int) -> (rate: Int, sink: Int) {
    if let iterations {
        var sink = 0
        for _ in 0..<iterations { sink &+= body() }
        return (iterations, sink)
    }
    let clock = ContinuousClock()
    let start = clock.now
    var operations = 0
    var sink = 0
    while clock.now - start < .seconds(seconds) {
        for _ in 0..<4096 { sink &+= body() }
        operations += 4096
    }
    let elapsed = clock.now - start
    let total = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return (Int(Double(operations) / total), sink)
}

let only = CommandLine.arguments.dropFirst(2).first  // "encode" or "decode" to profile one of them
let encode = only == "decode" ? (rate: 0, sink: 0) : measure { (try? payload.encoded())?.utf8.count ?? 0 }
let decode =
    only == "encode"
    ? (rate: 0, sink: 0)
    : measure {
        let decoded = DecodedPayload(expected)
        return decoded.isValid ? Int(decoded.amount ?? 0) &+ decoded.purpose!.utf8.count : 0
    }
print("encode\t\(encode.rate)")
print("decode\t\(decode.rate)")
if encode.sink == 42 && decode.sink == 42 { print("") }  // keeps the work observable
