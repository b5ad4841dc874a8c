import Foundation
import Synchronization

/// A value read from a file and read again whenever the file changes (its size, modification
/// time or inode), checked on each access, or on SIGHUP: the tokens file and the templates file.
///
/// A version that no longer loads is reported through `failed` and ignored: the value read last
/// stays in force. The first load throws, so an invalid file stops the gateway at start.
final class ReloadingFile<Value: Sendable>: Sendable {
    /// What identifies a version of the file without reading it.
    private struct Fingerprint: Equatable, Sendable {
        var modified: Date?
        var size: Int?
        var inode: Int?

        /// Of the file the path leads to: a Kubernetes ConfigMap or Secret volume swaps a symlink
        /// two levels up (`..data`) and never touches the file's own link.
        init(of path: String) {
            let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            let attributes = try? FileManager.default.attributesOfItem(atPath: target)
            modified = attributes?[.modificationDate] as? Date
            size = (attributes?[.size] as? NSNumber)?.intValue
            inode = (attributes?[.systemFileNumber] as? NSNumber)?.intValue
        }
    }

    private struct State: Sendable {
        var fingerprint: Fingerprint
        var value: Value
    }

    /// The file.
    let path: String
    private let load: @Sendable (String) throws -> Value
    private let reloaded: @Sendable (Value) -> Void
    private let failed: @Sendable (any Error) -> Void
    private let state: Mutex<State>

    /// Reads the file at `path` with `load`.
    ///
    /// - Parameters:
    ///   - reloaded: told each value read after a change.
    ///   - failed: told why a changed file could not be read; the previous value stays.
    /// - Throws: what `load` throws for the first read.
    init(
        path: String,
        load: @escaping @Sendable (String) throws -> Value,
        reloaded: @escaping @Sendable (Value) -> Void,
        failed: @escaping @Sendable (any Error) -> Void
    ) throws {
        self.path = path
        self.load = load
        self.reloaded = reloaded
        self.failed = failed
        let fingerprint = Fingerprint(of: path)
        state = Mutex(State(fingerprint: fingerprint, value: try load(path)))
        ReloadingFiles.shared.add(self)
    }

    /// Reads the file again whether or not it looks changed (SIGHUP); a version that does not load
    /// is reported through `failed` and the previous value stays.
    func reload() {
        let fingerprint = Fingerprint(of: path)
        do {
            let value = try load(path)
            state.withLock { $0 = State(fingerprint: fingerprint, value: value) }
            reloaded(value)
        } catch {
            failed(error)
        }
    }

    /// The value now in force, after reading the file again if it changed.
    var current: Value {
        let fingerprint = Fingerprint(of: path)
        let changed = state.withLock { state in
            guard state.fingerprint != fingerprint else { return false }
            state.fingerprint = fingerprint
            return true
        }
        if changed {
            do {
                let value = try load(path)
                state.withLock { $0.value = value }
                reloaded(value)
            } catch {
                failed(error)
            }
        }
        return state.withLock { $0.value }
    }
}

/// Every ``ReloadingFile`` of the process, for SIGHUP to re-read them all.
final class ReloadingFiles: Sendable {
    private struct Entry: @unchecked Sendable {
        weak var file: AnyObject?
        let reload: @Sendable () -> Void
    }

    /// The process's files.
    static let shared = ReloadingFiles()

    private let entries = Mutex<[Entry]>([])

    func add<Value: Sendable>(_ file: ReloadingFile<Value>) {
        entries.withLock { entries in
            entries.removeAll { $0.file == nil }
            entries.append(Entry(file: file) { [weak file] in file?.reload() })
        }
    }

    /// Re-reads every file still in use; returns their paths.
    @discardableResult
    func reloadAll() -> [String] {
        let live = entries.withLock { entries in
            entries.removeAll { $0.file == nil }
            return entries
        }
        for entry in live { entry.reload() }
        return live.compactMap { ($0.file as? any ReloadingFilePath)?.path }
    }
}

/// The path of a ``ReloadingFile`` whatever its value.
protocol ReloadingFilePath: AnyObject {
    var path: String { get }
}

extension ReloadingFile: ReloadingFilePath {}
