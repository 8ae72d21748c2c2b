// One URLSession request leaks libcurl's allocations and a weak reference made by
// FoundationNetworking's multi handle. Suppressed as `libcurl.so` and `FoundationNetworking`.
import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

// Port 9 (discard) on loopback: refused at once, which is enough to set curl up.
let done = DispatchSemaphore(value: 0)
URLSession.shared.dataTask(with: URL(string: "http://127.0.0.1:9/")!) { _, _, error in
    print("answered: \(error.map { "\($0.localizedDescription)" } ?? "ok")")
    done.signal()
}.resume()
done.wait()
