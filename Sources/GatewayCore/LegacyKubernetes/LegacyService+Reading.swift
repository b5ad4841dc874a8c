import Foundation

extension LegacyService {
    /// `spec` fields the API server fills in or that only tune traffic: accepted and not read.
    static let ignoredSpecFields = [
        "clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy", "sessionAffinity", "internalTrafficPolicy",
        "externalTrafficPolicy", "allocateLoadBalancerNodePorts",
    ]

    /// Reads a Service manifest, refusing every field the legacy job's `ports` and `serviceType` cannot carry.
    /// - Parameters:
    ///   - json: the object as sent.
    ///   - namespace: the namespace of the request, used when `metadata.namespace` is absent.
    /// - Throws: ``ManifestRefusal`` (kind `Service`, core group) with every cause found.
    public init(json: JSONValue, namespace: String? = nil) throws(ManifestRefusal) {
        var causes: [ManifestCause] = []
        var top = ManifestReader(json, path: "", causes: &causes)
        var metadata = ManifestReader(top.value("metadata"), path: "metadata", causes: &causes)
        let name = metadata.string("name", &causes) ?? ""
        if name.isEmpty { causes.append(.required("metadata.name", "name or generateName is required")) }
        let namespace = metadata.string("namespace", &causes) ?? namespace ?? ""
        let labels = metadata.stringMap("labels", &causes)

        var spec = ManifestReader(top.value("spec"), path: "spec", causes: &causes)
        for key in Self.ignoredSpecFields { spec.ignore(key) }
        var type = ServiceType.clusterIP
        if let text = spec.string("type", &causes) {
            if let known = ServiceType(rawValue: text) {
                type = known
            } else {
                let supported = ServiceType.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
                causes.append(
                    ManifestCause(
                        reason: .notSupported,
                        field: "spec.type",
                        rule: "supported values: \(supported)",
                        value: JSONValue.string(text).compactString
                    )
                )
            }
        }
        let selector = spec.stringMap("selector", &causes)
        var ports: [Port] = []
        let entries = spec.array("ports", &causes)
        if entries.isEmpty { causes.append(.required("spec.ports", "a legacy inference Service exposes at least one port")) }
        for (path, value) in entries {
            if let port = Port(reading: value, path: path, type: type, causes: &causes) { ports.append(port) }
        }
        spec.refuseUnknown(&causes, why: "an InferenceWorkload's serviceType and ports have no equivalent of this Service field")
        top.ignore("apiVersion", "kind", "status")
        top.refuseUnknown(&causes, why: "not a field of a Service")
        guard causes.isEmpty else { throw ManifestRefusal(kind: Self.kind, group: "", name: name, causes: causes) }
        self.init(name: name, namespace: namespace, labels: labels, type: type, selector: selector, ports: ports)
    }
}

extension LegacyService.Port {
    init?(reading value: JSONValue, path: String, type: LegacyService.ServiceType, causes: inout [ManifestCause]) {
        var entry = ManifestReader(value, path: path, causes: &causes)
        let before = causes.count
        name = entry.string("name", &causes)
        let port = entry.integer("port", &causes)
        if entry.members["port"] == nil { causes.append(.required(entry.field("port"), "the Service port is required")) }
        switch entry.value("targetPort") {
        case nil: targetPort = nil
        case .string(let text)?: targetPort = Int(text).map { .number($0) } ?? .name(text)
        case let other?:
            if let number = other.integerValue {
                targetPort = .number(Int(number))
            } else {
                targetPort = nil
                causes.append(.invalid(entry.field("targetPort"), other, "must be a port number or a container port's name"))
            }
        }
        nodePort = entry.integer("nodePort", &causes)
        if nodePort != nil, type == .clusterIP {
            causes.append(.forbidden(entry.field("nodePort"), "may not be used when `type` is 'ClusterIP'"))
        }
        if let proto = entry.string("protocol", &causes), proto != "TCP" {
            causes.append(
                ManifestCause(
                    reason: .notSupported,
                    field: entry.field("protocol"),
                    rule: "supported values: \"TCP\"",
                    value: JSONValue.string(proto).compactString
                )
            )
        }
        entry.ignore("appProtocol")
        entry.refuseUnknown(&causes, why: "a Service port has name, port, targetPort, nodePort and protocol")
        guard causes.count == before, let port else { return nil }
        self.port = port
    }
}
