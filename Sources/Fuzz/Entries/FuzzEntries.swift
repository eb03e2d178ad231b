import VietQR

/// What each libFuzzer target of `scripts/fuzz` does with one input, callable without libFuzzer:
/// the replay tests (`Tests/FuzzTests`) run every file of `Tests/Fixtures/fuzz/<target>/`
/// through the same function. An entry returns when the input is handled, refused or not; it
/// stops the process (a precondition) only when a reader breaks a promise it makes.
public enum FuzzEntries {
    /// A few banks of the shipped directory, so that VietQR and stall list reading reach the look-up.
    static let banks = BankDirectory([
        Bank(bin: "970436", shortName: "Vietcombank", name: "Ngân hàng TMCP Ngoại thương Việt Nam", aliases: ["VCB"]),
        Bank(bin: "970415", shortName: "VietinBank", name: "Ngân hàng TMCP Công thương Việt Nam", aliases: ["CTG"]),
        Bank(bin: "970405", shortName: "Agribank", name: "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam"),
    ])
}
