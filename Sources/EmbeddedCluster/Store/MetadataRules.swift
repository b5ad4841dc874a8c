import Foundation
import GatewayCore

/// The apiserver's rules for `metadata`: validation messages and the server-set fields on
/// create and update (customresource strategy, `rest.BeforeCreate`/`BeforeUpdate`). Pure.
enum MetadataRules {
    static let subdomainRule =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and "
        + "end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
        + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
    static let labelRule =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with "
        + "an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    static let namePartRule =
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
        + "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
    static let labelValueRule =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and "
        + "end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
        + "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
    /// The largest total size of all annotations, as in the apiserver.
    static let annotationsSizeLimit = 256 * 1024

    /// Why `name` is not an RFC 1123 subdomain, or `nil`.
    static func subdomainProblem(_ name: String) -> String? {
        if name.utf8.count > 253 { return "must be no more than 253 characters" }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        let valid = !name.isEmpty && labels.allSatisfy { isLowercaseLabel(Substring($0)) }
        return valid ? nil : subdomainRule
    }

    /// Why `name` is not an RFC 1123 label (a namespace), or `nil`.
    static func dnsLabelProblem(_ name: String) -> String? {
        if name.utf8.count > 63 { return "must be no more than 63 characters" }
        return isLowercaseLabel(Substring(name)) ? nil : labelRule
    }

    private static func isLowercaseLabel(_ label: Substring) -> Bool {
        guard let first = label.first, let last = label.last else { return false }
        func alnum(_ c: Character) -> Bool { c.isASCII && (c.isLowercase || c.isNumber) }
        return alnum(first) && alnum(last) && label.allSatisfy { alnum($0) || $0 == "-" }
    }

    /// Why `key` is not a qualified name (`[prefix/]name`, labels, annotations, finalizers), or `nil`.
    static func qualifiedNameProblem(_ key: String) -> String? {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else {
            return "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
                + "an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
                + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
        }
        if parts.count == 2 {
            if parts[0].isEmpty { return "prefix part must be non-empty" }
            if let problem = subdomainProblem(String(parts[0])) { return "prefix part \(problem)" }
        }
        let name = parts[parts.count - 1]
        if name.isEmpty { return "name part must be non-empty" }
        if name.utf8.count > 63 { return "name part must be no more than 63 characters" }
        return isNamePart(name) ? nil : namePartRule
    }

    /// Why `value` is not a valid label value, or `nil`.
    static func labelValueProblem(_ value: String) -> String? {
        if value.isEmpty { return nil }
        if value.utf8.count > 63 { return "must be no more than 63 characters" }
        return isNamePart(Substring(value)) ? nil : labelValueRule
    }

    private static func isNamePart(_ text: Substring) -> Bool {
        guard let first = text.first, let last = text.last else { return false }
        func alnum(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }
        return alnum(first) && alnum(last) && text.allSatisfy { alnum($0) || $0 == "-" || $0 == "_" || $0 == "." }
    }

    /// RFC 3339 UTC with seconds, as `metav1.Time` is written: `2026-01-02T03:04:05Z`.
    static func timestamp(_ date: Date) -> String {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)).formatted(.iso8601)
    }

    /// Checks that `body` is an object of `kind`: a JSON object whose `kind` and
    /// `apiVersion`, when given, name this resource. Missing ones are filled in by the store.
    /// - Throws: 400 BadRequest.
    static func checkTypeMeta(_ body: JSONValue, kind resource: ResourceKind = .inferenceWorkloads) throws(KubeStatusError) {
        guard body.isObject else { throw .badRequest("the body of the request must be a JSON object, not \(body.typeName)") }
        if let kind = body["kind"], kind != .string(resource.kind) {
            throw .badRequest(
                "the kind in the data (\(kind.stringValue ?? kind.compactString)) does not match the expected kind "
                    + "(\(resource.kind))"
            )
        }
        if let apiVersion = body["apiVersion"], !resource.isServed(apiVersion: apiVersion.stringValue ?? "") {
            throw .badRequest(
                "the API version in the data (\(apiVersion.stringValue ?? apiVersion.compactString)) does not match the "
                    + "expected API version (\(resource.apiVersion()))"
            )
        }
        if let metadata = body["metadata"], !metadata.isObject {
            throw .badRequest("metadata must be an object, not \(metadata.typeName)")
        }
    }

    /// Validates the user-settable metadata of an object about to be stored.
    /// - Throws: 422 Invalid naming every bad field.
    static func validate(_ object: JSONValue, name: String, kind: ResourceKind = .inferenceWorkloads) throws(KubeStatusError) {
        var causes: [KubeStatusError.Cause] = []
        let metadata = object["metadata"] ?? [:]
        if let labels = metadata["labels"], !labels.isNull {
            if let members = labels.objectValue {
                for (key, value) in members.sorted(by: { $0.key < $1.key }) {
                    if let problem = qualifiedNameProblem(key) {
                        causes.append(KubeStatusError.invalidValue("metadata.labels", .string(key), problem))
                    }
                    if let text = value.stringValue {
                        if let problem = labelValueProblem(text) {
                            causes.append(KubeStatusError.invalidValue("metadata.labels", value, problem))
                        }
                    } else {
                        causes.append(KubeStatusError.invalidValue("metadata.labels[\(key)]", value, "must be a string"))
                    }
                }
            } else {
                causes.append(KubeStatusError.invalidValue("metadata.labels", labels, "must be a map of strings"))
            }
        }
        if let annotations = metadata["annotations"], !annotations.isNull {
            if let members = annotations.objectValue {
                var size = 0
                for (key, value) in members.sorted(by: { $0.key < $1.key }) {
                    if let problem = qualifiedNameProblem(key) {
                        causes.append(KubeStatusError.invalidValue("metadata.annotations", .string(key.lowercased()), problem))
                    }
                    if let text = value.stringValue {
                        size += key.utf8.count + text.utf8.count
                    } else {
                        causes.append(KubeStatusError.invalidValue("metadata.annotations[\(key)]", value, "must be a string"))
                    }
                }
                if size > annotationsSizeLimit {
                    causes.append(
                        KubeStatusError.Cause(
                            reason: "FieldValueTooLong",
                            message: "Too long: must have at most \(annotationsSizeLimit) bytes",
                            field: "metadata.annotations"
                        )
                    )
                }
            } else {
                causes.append(KubeStatusError.invalidValue("metadata.annotations", annotations, "must be a map of strings"))
            }
        }
        if let finalizers = metadata["finalizers"], !finalizers.isNull {
            if let elements = finalizers.arrayValue {
                for (index, element) in elements.enumerated() {
                    guard let text = element.stringValue else {
                        causes.append(KubeStatusError.invalidValue("metadata.finalizers[\(index)]", element, "must be a string"))
                        continue
                    }
                    if let problem = qualifiedNameProblem(text) {
                        causes.append(KubeStatusError.invalidValue("metadata.finalizers[\(index)]", element, problem))
                    }
                }
            } else {
                causes.append(KubeStatusError.invalidValue("metadata.finalizers", finalizers, "must be a list of strings"))
            }
        }
        for member in ["spec", "status"] {
            if let value = object[member], !value.isObject, !value.isNull {
                causes.append(KubeStatusError.invalidValue(member, value, "must be of type object"))
            }
        }
        if !causes.isEmpty { throw .invalid(name, causes, kind: kind) }
    }

    /// The finalizers of an object.
    static func finalizers(of object: JSONValue) -> [String] {
        (object[path: ["metadata", "finalizers"]]?.arrayValue ?? []).compactMap(\.stringValue)
    }

    /// Whether deletion of the object has started.
    static func isTerminating(_ object: JSONValue) -> Bool {
        if let timestamp = object[path: ["metadata", "deletionTimestamp"]], !timestamp.isNull { return true }
        return false
    }

    /// The object without `metadata` and `status`: what `generation` tracks.
    static func generationRelevant(_ object: JSONValue) -> JSONValue {
        var copy = object
        copy["metadata"] = nil
        copy["status"] = nil
        copy["apiVersion"] = nil
        copy["kind"] = nil
        return copy
    }

    /// Removes empty `labels`/`annotations`/`finalizers` and null metadata members, as the apiserver's
    /// encoding omits them.
    static func normalized(_ object: JSONValue) -> JSONValue {
        guard var metadata = object["metadata"]?.objectValue else { return object }
        for (key, value) in metadata {
            switch value {
            case .null: metadata[key] = nil
            case .object(let members) where members.isEmpty && ["labels", "annotations"].contains(key): metadata[key] = nil
            case .array(let elements) where elements.isEmpty && ["finalizers", "managedFields", "ownerReferences"].contains(key):
                metadata[key] = nil
            case .string(let text) where text.isEmpty && ["generateName", "resourceVersion", "uid"].contains(key):
                metadata[key] = nil
            default: break
            }
        }
        var copy = object
        copy["metadata"] = .object(metadata)
        if copy["status"]?.isNull == true { copy["status"] = nil }
        return copy
    }
}
