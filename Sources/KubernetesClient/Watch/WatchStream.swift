import Foundation

/// The events of a watch, as an `AsyncSequence`.
///
/// ```swift
/// let list = try await client.list(workloads, namespace: "ns1", as: Workload.self)
/// do {
///     for try await event in try await client.watch(workloads, namespace: "ns1",
///             options: .init(resourceVersion: list.resourceVersion)).decoded(as: Workload.self) { … }
/// } catch let error as KubernetesError where error.code == .expired {
///     // relist, then watch again
/// }
/// ```
/// Stopping the iteration (or cancelling its task) ends the transfer.
public struct WatchStream<Object: Sendable>: AsyncSequence, Sendable {
    /// A watch event.
    public typealias Element = WatchEvent<Object>

    private let events: AsyncThrowingStream<WatchEvent<Data>, any Error>
    private let transform: @Sendable (Data) throws -> Object

    private init(events: AsyncThrowingStream<WatchEvent<Data>, any Error>, transform: @escaping @Sendable (Data) throws -> Object) {
        self.events = events
        self.transform = transform
    }

    /// Iterates the events.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<WatchEvent<Data>, any Error>.AsyncIterator
        let transform: @Sendable (Data) throws -> Object

        /// The next event; `nil` when the watch ended; throws ``KubernetesError`` (``KubernetesError/Code/expired`` for 410).
        public mutating func next() async throws -> WatchEvent<Object>? {
            guard let event = try await base.next() else { return nil }
            return WatchEvent(type: event.type, object: try transform(event.object), resourceVersion: event.resourceVersion)
        }
    }

    /// Starts iterating.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: events.makeAsyncIterator(), transform: transform)
    }
}

extension WatchStream where Object == Data {
    /// Wraps a stream of raw events, e.g. in a fake ``KubernetesAPI``.
    public init(_ events: AsyncThrowingStream<WatchEvent<Data>, any Error>) {
        self.init(events: events, transform: { $0 })
    }

    /// Decodes each event's object into a type; a failure ends the iteration with
    /// ``KubernetesError/Code/decodingFailed``.
    public func decoded<T: Decodable & Sendable>(as type: T.Type, decoder: JSONDecoder = JSONDecoder()) -> WatchStream<T> {
        WatchStream<T>(events: events) { data in try KubernetesJSON.decode(T.self, from: data, decoder: decoder) }
    }
}
