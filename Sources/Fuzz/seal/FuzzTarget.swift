import FuzzEntries

/// libFuzzer's entry: `scripts/fuzz` builds this target with `--sanitize fuzzer`; a plain build
/// links it as a program that does nothing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzEntries.seal(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
