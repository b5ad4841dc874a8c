import Foundation
import GatewayCore

/// The `v1` `Service` rules the gateway applies before storing one: the API server's defaults
/// (type, protocol, target port, session affinity, IP families), a stable cluster IP and node
/// ports, and the validation of ports and type. Pure: addresses are derived from the namespace
/// and name (the embedded cluster routes nothing), and kept across updates.
enum ServiceAdmission {
    /// The types a Service may have.
    static let types = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]

    /// The defaulted object.
    /// - Throws: 422 Invalid (`Service "x" is invalid: …`) naming each bad field.
    static func admit(old: JSONValue?, _ object: JSONValue) throws(KubeStatusError) -> JSONValue {
        var service = object
        var spec = service["spec"] ?? [:]
        let name = service[path: ["metadata", "name"]]?.stringValue ?? ""
        let namespace = service[path: ["metadata", "namespace"]]?.stringValue ?? ""
        let type = spec["type"]?.stringValue ?? "ClusterIP"
        spec["type"] = .string(type)
        var causes: [KubeStatusError.Cause] = []
        if !types.contains(type) {
            causes.append(
                KubeStatusError.Cause(
                    reason: "FieldValueNotSupported",
                    message: "Unsupported value: \"\(type)\": supported values: " + types.map { "\"\($0)\"" }.joined(separator: ", "),
                    field: "spec.type"
                )
            )
        }
        if spec["sessionAffinity"] == nil { spec["sessionAffinity"] = "None" }
        if type != "ExternalName" {
            let oldIP = old?[path: ["spec", "clusterIP"]]?.stringValue
            let ip = spec["clusterIP"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? oldIP ?? clusterIP(namespace: namespace, name: name)
            spec["clusterIP"] = .string(ip)
            spec["clusterIPs"] = [.string(ip)]
            if spec["ipFamilies"] == nil { spec["ipFamilies"] = ["IPv4"] }
            if spec["ipFamilyPolicy"] == nil { spec["ipFamilyPolicy"] = "SingleStack" }
            if spec["internalTrafficPolicy"] == nil { spec["internalTrafficPolicy"] = "Cluster" }
        }
        if type == "NodePort" || type == "LoadBalancer", spec["externalTrafficPolicy"] == nil {
            spec["externalTrafficPolicy"] = "Cluster"
        }
        if type == "LoadBalancer", spec["allocateLoadBalancerNodePorts"] == nil { spec["allocateLoadBalancerNodePorts"] = true }
        let oldPorts = old?[path: ["spec", "ports"]]?.arrayValue ?? []
        var ports: [JSONValue] = []
        for (index, element) in (spec["ports"]?.arrayValue ?? []).enumerated() {
            var port = element
            let field = "spec.ports[\(index)]"
            guard let number = port["port"]?.integerValue, (1...65535).contains(number) else {
                causes.append(KubeStatusError.invalidValue("\(field).port", port["port"] ?? .null, "must be between 1 and 65535, inclusive"))
                ports.append(port)
                continue
            }
            if port["protocol"] == nil { port["protocol"] = "TCP" }
            if port["targetPort"] == nil { port["targetPort"] = .integer(number) }
            if type == "NodePort" || type == "LoadBalancer", port["nodePort"] == nil {
                let kept = oldPorts.first { $0["port"] == port["port"] }?["nodePort"]
                port["nodePort"] = kept ?? .integer(nodePort(namespace: namespace, name: name, port: number))
            }
            ports.append(port)
        }
        if ports.isEmpty, type != "ExternalName", spec["clusterIP"] != "None" {
            causes.append(KubeStatusError.requiredValue("spec.ports", ""))
        }
        spec["ports"] = ports.isEmpty ? nil : .array(ports)
        if !causes.isEmpty { throw .invalid(name, causes, kind: .services) }
        service["spec"] = spec
        if service["status"] == nil { service["status"] = ["loadBalancer": [:]] }
        return service
    }

    /// A stable address in 10.96.0.0/16 for a Service.
    static func clusterIP(namespace: String, name: String) -> String {
        let value = fnv("\(namespace)/\(name)")
        return "10.96.\((value >> 8) % 256).\(max(1, value % 255))"
    }

    /// A stable node port in 30000–32767 for a Service's port.
    static func nodePort(namespace: String, name: String, port: Int64) -> Int64 {
        Int64(30000 + fnv("\(namespace)/\(name):\(port)") % 2768)
    }

    private static func fnv(_ text: String) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
        return value
    }

    /// PORT(S) as kubectl prints it: `80/TCP`, `80:30080/TCP`, joined by commas; `<none>` without ports.
    static func ports(_ spec: JSONValue) -> String {
        let ports = (spec["ports"]?.arrayValue ?? []).map { port -> String in
            let number = port["port"]?.integerValue.map(String.init) ?? "?"
            let node = port["nodePort"]?.integerValue.map { ":\($0)" } ?? ""
            return "\(number)\(node)/\(port["protocol"]?.stringValue ?? "TCP")"
        }
        return ports.isEmpty ? "<none>" : ports.joined(separator: ",")
    }

    /// EXTERNAL-IP as kubectl prints it: the load balancer's or the external addresses, `<pending>`
    /// for a LoadBalancer without any yet, `<none>` otherwise.
    static func externalIPs(_ service: JSONValue) -> String {
        let spec = service["spec"] ?? [:]
        var addresses = (spec["externalIPs"]?.arrayValue ?? []).compactMap(\.stringValue)
        for ingress in service[path: ["status", "loadBalancer", "ingress"]]?.arrayValue ?? [] {
            if let address = ingress["ip"]?.stringValue ?? ingress["hostname"]?.stringValue { addresses.append(address) }
        }
        if !addresses.isEmpty { return addresses.joined(separator: ",") }
        switch spec["type"]?.stringValue {
        case "LoadBalancer": return "<pending>"
        case "ExternalName": return spec["externalName"]?.stringValue ?? "<none>"
        default: return "<none>"
        }
    }
}
