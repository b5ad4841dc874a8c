import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// glibc's allocator settings for a long-running gateway.
enum MallocArenas {
    /// The most malloc arenas the process uses unless `MALLOC_ARENA_MAX` says otherwise.
    static let maximum: Int32 = 2
    /// `M_ARENA_MAX` of `<malloc.h>` (a macro Swift does not import).
    private static let arenaMaxOption: Int32 = -8

    /// Limits glibc to ``maximum`` arenas, before the server starts its threads.
    ///
    /// By default glibc gives threads up to eight arenas per core, and memory freed in one is
    /// kept there. Under a burst of submits the gateway's many short-lived allocations across
    /// GRDB's, NIO's and libcurl's threads left 260 MiB resident for 43 MiB of live heap
    /// (heaptrack); with two arenas the same burst peaked at 106 MiB, at the same throughput.
    static func limit() {
        #if canImport(Glibc)
        guard ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil else { return }
        // `mallopt` is not in Swift's Glibc module; it is looked up in the C library instead.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(arenaMaxOption, maximum)
        #endif
    }
}
