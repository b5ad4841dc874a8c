import Foundation

/// The events of a watch, as an `AsyncSequence`.
///
/// ```swift
/// let list = try await client.list(workloads, namespace: "ns1", as: Workload.self)
/// do {
///     let events = try await client.watch(workloads, namespace: "ns1",
///         options: WatchOptions(resourceVersion: list.resourceVersion), as: Workload.self)
///     for try await event in events { … }
/// } catch let error as KubernetesError where error.code == .expired {
///     // the resource version is too old: relist, then watch again
/// }
/// ```
/// Iterate a stream once. Stopping the iteration (or cancelling its task) ends the transfer.
public struct WatchStream<Object: Sendable>: AsyncSequence, Sendable {
    /// A watch event.
    public typealias Element = WatchEvent<Object>

    private let source: WatchSource
    private let transform: @Sendable (WatchEvent<Data>) throws -> WatchEvent<Object>?

    fileprivate init(source: WatchSource, transform: @escaping @Sendable (WatchEvent<Data>) throws -> WatchEvent<Object>?) {
        self.source = source
        self.transform = transform
    }

    /// Iterates the events.
    public struct AsyncIterator: AsyncIteratorProtocol {
        private enum Base {
            case events(AsyncThrowingStream<WatchEvent<Data>, any Error>.AsyncIterator)
            case cursor(WatchCursor)
        }
        private var base: Base
        private let transform: @Sendable (WatchEvent<Data>) throws -> WatchEvent<Object>?

        fileprivate init(source: WatchSource, transform: @escaping @Sendable (WatchEvent<Data>) throws -> WatchEvent<Object>?) {
            switch source {
            case .events(let events): base = .events(events.makeAsyncIterator())
            case .session(let session): base = .cursor(WatchCursor(session: session))
            }
            self.transform = transform
        }

        /// The next event; `nil` when the watch ended; throws ``KubernetesError`` (``KubernetesError/Code/expired`` for 410).
        public mutating func next() async throws -> WatchEvent<Object>? {
            while true {
                let event: WatchEvent<Data>?
                switch base {
                case .events(var iterator):
                    event = try await iterator.next()
                    base = .events(iterator)
                case .cursor(var cursor):
                    event = try await cursor.next()
                    base = .cursor(cursor)
                }
                guard let event else { return nil }
                if let transformed = try transform(event) { return transformed }
            }
        }
    }

    /// Starts iterating.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(source: source, transform: transform)
    }
}

extension WatchStream where Object == Data {
    /// Wraps a stream of raw events, e.g. in a fake ``KubernetesAPI``.
    public init(_ events: AsyncThrowingStream<WatchEvent<Data>, any Error>) {
        self.init(source: .events(events), transform: { $0 })
    }

    /// A stream over a live watch session.
    init(session: WatchSession) {
        self.init(source: .session(session), transform: { $0 })
    }

    /// Decodes each event's object into a type; a failure ends the iteration with
    /// ``KubernetesError/Code/decodingFailed``.
    ///
    /// `BOOKMARK` events are left out: their objects carry only a resource version, which the
    /// stream itself resumes from. Iterate the raw stream to see them.
    public func decoded<T: Decodable & Sendable>(as type: T.Type, decoder: JSONDecoder = JSONDecoder()) -> WatchStream<T> {
        decoded { try KubernetesJSON.decode(T.self, from: $0, decoder: decoder) }
    }

    /// Turns each event's object into a value with `parse` (a dedicated JSON parser, faster than
    /// `JSONDecoder` for a watch that follows every change); a failure ends the iteration with
    /// ``KubernetesError/Code/decodingFailed``. `BOOKMARK` events are left out, as in
    /// ``decoded(as:decoder:)``.
    public func decoded<T: Sendable>(by parse: @escaping @Sendable (Data) throws -> T) -> WatchStream<T> {
        WatchStream<T>(source: source) { event in
            guard event.type != .bookmark else { return nil }
            let object: T
            do {
                object = try parse(event.object)
            } catch let error as KubernetesError {
                throw error
            } catch {
                throw KubernetesError(.decodingFailed, "a watch event's object does not parse as \(T.self)")
            }
            return WatchEvent(type: event.type, object: object, resourceVersion: event.resourceVersion)
        }
    }
}

/// Where a ``WatchStream``'s raw events come from.
private enum WatchSource: Sendable {
    case events(AsyncThrowingStream<WatchEvent<Data>, any Error>)
    case session(WatchSession)
}
