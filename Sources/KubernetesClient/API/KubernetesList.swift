/// One page of a list, with typed items.
public struct KubernetesList<Item: Sendable>: Sendable {
    /// The objects.
    public var items: [Item]
    /// The list's resource version: watch from here to see every later change.
    public var resourceVersion: String?
    /// The token of the next page, when there is one.
    public var continueToken: String?
    /// How many items are left after this page, when the server says.
    public var remainingItemCount: Int?

    /// Creates a list page.
    public init(items: [Item], resourceVersion: String?, continueToken: String?, remainingItemCount: Int? = nil) {
        self.items = items
        self.resourceVersion = resourceVersion
        self.continueToken = continueToken
        self.remainingItemCount = remainingItemCount
    }
}

extension KubernetesList: Decodable where Item: Decodable {
    private enum CodingKeys: String, CodingKey { case items, metadata }
    private struct Metadata: Decodable {
        var resourceVersion: String?
        var `continue`: String?
        var remainingItemCount: Int?
    }

    /// Decodes a Kubernetes list body (`items` may be `null`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let metadata = try container.decodeIfPresent(Metadata.self, forKey: .metadata)
        self.init(
            items: try container.decodeIfPresent([Item].self, forKey: .items) ?? [],
            resourceVersion: metadata?.resourceVersion,
            continueToken: metadata?.continue.flatMap { $0.isEmpty ? nil : $0 },
            remainingItemCount: metadata?.remainingItemCount
        )
    }
}
