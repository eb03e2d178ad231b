#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a reader's time grows with its input, measured in one run and without any absolute time:
/// the best of a few timings on an input of size n and on one of size 8n. Linear work takes
/// about 8 times as long on the larger input, quadratic work about 64 times; tests hold the
/// ratio below ``Growth/limit``.
///
/// The time is the thread's CPU time, not the clock's: on a machine busy with other builds a
/// longer run is preempted more often, which would make the clock's ratio grow with the load.
public enum Growth {
    /// Well above linear (8) and well below quadratic (64).
    public static let limit = 24.0

    /// How many times longer `work` takes on `large` than on `small`, each timed `repetitions`
    /// times and its fastest run kept.
    public static func ratio<Input>(small: Input, large: Input, repetitions: Int = 5, _ work: (Input) -> Void) -> Double {
        func fastest(_ input: Input) -> Double {
            work(input)  // warms caches and lazy globals
            return (0..<repetitions).map { _ in
                let start = cpuTime()
                work(input)
                return cpuTime() - start
            }.min()!
        }
        let small = fastest(small)
        let large = fastest(large)
        return large / small
    }

    /// `piece` repeated `count` times.
    public static func repeated(_ piece: String, _ count: Int) -> String { String(repeating: piece, count: count) }

    /// Seconds of CPU this thread has used.
    public static func cpuTime() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
