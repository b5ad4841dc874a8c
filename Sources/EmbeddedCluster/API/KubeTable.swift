import Foundation
import GatewayCore

/// The `meta.k8s.io/v1` `Table` rendering of lists, for the human output of `kubectl get` (which
/// asks for it in `Accept`), with the columns of the kind's ``ResourceKind/TableLayout``.
///
/// Like the API server's CRD table convertor, the AGE cell is already a duration (`5m`), and
/// each row carries the object's metadata (`PartialObjectMetadata`), from which `kubectl`
/// takes the NAMESPACE column of `-A`.
enum KubeTable {
    /// The `Content-Type` of a table answer, when `accept` asks for one (`as=Table;g=meta.k8s.io;v=v1|v1beta1`).
    static func negotiate(accept: String?) -> String? {
        for range in KubeMediaType.accepted(accept) {
            for version in ["v1", "v1beta1"] where range.asks(group: "meta.k8s.io", version: version, kind: "Table") {
                return "application/json;as=Table;v=\(version);g=meta.k8s.io"
            }
            if range.parameters["as"] == nil { return nil }
        }
        return nil
    }

    /// The column definitions of a kind.
    static func columns(_ kind: ResourceKind) -> JSONValue {
        .array(
            kind.table.columns.map { column in
                [
                    "name": .string(column.name), "type": .string(column.type), "format": .string(column.format),
                    "priority": .integer(Int64(column.priority)), "description": .string(column.description),
                ]
            }
        )
    }

    /// A whole list page as a `Table`.
    static func render(_ page: ObjectList, kind: ResourceKind, apiVersion: String, now: Date, includeObject: String?) -> JSONValue {
        var metadata: JSONValue = ["resourceVersion": .string(page.resourceVersion)]
        if let token = page.continueToken { metadata["continue"] = .string(token) }
        if let remaining = page.remainingItemCount { metadata["remainingItemCount"] = .integer(remaining) }
        let items = page.items.map { item in
            var converted = item
            converted["apiVersion"] = .string(apiVersion)
            return converted
        }
        return table(items, kind: kind, metadata: metadata, now: now, includeObject: includeObject)
    }

    /// A `Table` of `objects` (one object per watch event).
    static func table(
        _ objects: [JSONValue],
        kind: ResourceKind = .inferenceWorkloads,
        metadata: JSONValue = [:],
        now: Date,
        includeObject: String?
    ) -> JSONValue {
        [
            "kind": "Table",
            "apiVersion": "meta.k8s.io/v1",
            "metadata": metadata,
            "columnDefinitions": columns(kind),
            "rows": .array(objects.map { row($0, kind: kind, now: now, includeObject: includeObject) }),
        ]
    }

    /// One row: the cells and, unless `includeObject=None`, the object (`Object`) or its metadata (`Metadata`, the default).
    private static func row(_ object: JSONValue, kind: ResourceKind, now: Date, includeObject: String?) -> JSONValue {
        let metadata = object["metadata"] ?? [:]
        let created = metadata["creationTimestamp"]?.stringValue.flatMap { try? Date($0, strategy: .iso8601) }
        let ageCell = created.map { Self.age(from: $0, to: now) } ?? "<unknown>"
        var row: JSONValue = ["cells": .array(kind.table.cells(object, ageCell))]
        switch includeObject {
        case "None":
            break
        case "Object":
            row["object"] = object
        default:
            row["object"] = ["kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": metadata]
        }
        return row
    }

    /// A duration as Kubernetes prints ages: `45s`, `5m30s`, `5m`, `3h20m`, `2d4h`, `400d`, `2y10d`.
    static func age(from start: Date, to now: Date) -> String {
        let seconds = Int(now.timeIntervalSince(start).rounded(.down))
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 120 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 10 { return seconds % 60 == 0 ? "\(minutes)m" : "\(minutes)m\(seconds % 60)s" }
        if minutes < 180 { return "\(minutes)m" }
        let hours = minutes / 60
        if hours < 8 { return minutes % 60 == 0 ? "\(hours)h" : "\(hours)h\(minutes % 60)m" }
        if hours < 48 { return "\(hours)h" }
        let days = hours / 24
        if hours < 24 * 8 { return hours % 24 == 0 ? "\(days)d" : "\(days)d\(hours % 24)h" }
        if hours < 24 * 365 * 2 { return "\(days)d" }
        let years = days / 365
        if hours < 24 * 365 * 8 { return days % 365 == 0 ? "\(years)y" : "\(years)y\(days % 365)d" }
        return "\(years)y"
    }
}
