// The libFuzzer binary, built only by `make fuzz`: GWS_FUZZ=1 adds this target to the package,
// compiled with -sanitize=fuzzer,address in .build-fuzz (see docs/proof-under-stress.md, "Fuzzing").
// GWS_FUZZ_TARGET picks the target; every other argument goes to libFuzzer.
import FuzzTargets
import Glibc

/// libFuzzer's driver, which runs the fuzzing loop with our callback.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// Read once: libFuzzer calls the entry point millions of times.
let selectedTarget: FuzzTarget = {
    let name = getenv("GWS_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        let message = "gws-fuzz: set GWS_FUZZ_TARGET to one of: \(names)\n"
        _ = message.withCString { write(2, $0, strlen($0)) }
        exit(2)
    }
    return target
}()

/// The callback libFuzzer calls with each input.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let finding = selectedTarget.run(input) {
        // A broken property is a crash to libFuzzer: it saves the input and stops.
        fatalError("\(selectedTarget.rawValue): \(finding)")
    }
    return 0
}

/// The program's entry. SwiftPM links an executable target's `<module>_main` as `main`; the
/// libFuzzer runtime brings a `main` too, and either one runs the same driver on the same callback.
@_cdecl("gws_fuzz_main")
func fuzzerMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
) -> CInt {
    _ = selectedTarget
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, fuzzOneInput)
}
