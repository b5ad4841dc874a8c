import Foundation

extension LegacyJob {
    /// Every field name the legacy `job` object accepts, for error messages.
    static let acceptedFields = """
        name, project, image, type, interactive, command, arguments, environment, imagePullPolicy, workingDir, \
        stdin, tty, createHomeDir, gpu, gpuMemory, cpu, cpuLimit, memory, memoryLimit, largeShm, hostIpc, \
        hostNetwork, ports, serviceType, pvc, volume, volumes, gitSync, backoffLimit, completions, parallelism, \
        processes, elastic, preemptible, jupyter, jupyterPassword, mpi, ttlAfterFinish, \
        preventPrivilegeEscalation, runAsUser, runAsUid, runAsGid, nodeType, jobNamePrefix, mps, replicas
        """

    /// Reads a job from its JSON value.
    /// - Parameters:
    ///   - json: the `job` member of the request.
    ///   - path: its path, for error messages.
    /// - Throws: ``LegacyAPIError`` naming the first field of the wrong shape, or an unknown field.
    public init(json: JSONValue, path: String = "job") throws(LegacyAPIError) {
        var reader = try JSONObjectReader(json, path: path)
        name = try reader.string("name")
        project = try reader.string("project")
        image = try reader.string("image")
        type = try reader.string("type")
        interactive = try reader.bool("interactive")
        command = try Self.command(&reader, "command")
        arguments = try Self.command(&reader, "arguments")
        if let value = reader.value("environment") {
            environment = try Self.environment(value, field: reader.field("environment"))
        }
        imagePullPolicy = try reader.string("imagePullPolicy")
        workingDir = try reader.string("workingDir")
        stdin = try reader.bool("stdin")
        tty = try reader.bool("tty")
        createHomeDir = try reader.bool("createHomeDir")
        gpu = try reader.number("gpu")
        gpuMemory = try reader.string("gpuMemory")
        cpu = try Self.cores(&reader, "cpu")
        cpuLimit = try Self.cores(&reader, "cpuLimit")
        memory = try Self.quantityText(&reader, "memory")
        memoryLimit = try Self.quantityText(&reader, "memoryLimit")
        largeShm = try reader.bool("largeShm")
        hostIpc = try reader.bool("hostIpc")
        hostNetwork = try reader.bool("hostNetwork")
        if let value = reader.value("ports") {
            ports = try Self.ports(value, field: reader.field("ports"))
        }
        serviceType = try Self.serviceType(&reader)
        if let value = reader.value("pvc") {
            pvc = try Self.claims(value, field: reader.field("pvc"))
        }
        try readVolumes(&reader)
        if let value = reader.value("gitSync") {
            gitSync = try Self.gitSyncs(value, field: reader.field("gitSync"))
        }
        backoffLimit = try reader.integer("backoffLimit")
        completions = try reader.integer("completions")
        parallelism = try reader.integer("parallelism")
        processes = try reader.integer("processes")
        elastic = try reader.bool("elastic")
        preemptible = try reader.bool("preemptible")
        jupyter = try reader.bool("jupyter")
        jupyterPassword = try reader.string("jupyterPassword")
        mpi = try reader.bool("mpi")
        ttlAfterFinish = try Self.ttl(&reader)
        preventPrivilegeEscalation = try reader.bool("preventPrivilegeEscalation")
        runAsUser = try reader.bool("runAsUser")
        runAsUid = try reader.integer("runAsUid")
        runAsGid = try reader.integer("runAsGid")
        nodeType = try reader.string("nodeType")
        jobNamePrefix = try reader.string("jobNamePrefix")
        mps = try reader.bool("mps")
        replicas = try reader.integer("replicas")
        try reader.rejectUnknownMembers(accepted: Self.acceptedFields)
    }

    private static func command(_ reader: inout JSONObjectReader, _ key: String) throws(LegacyAPIError) -> Command? {
        guard let value = reader.value(key) else { return nil }
        let field = reader.field(key)
        switch value {
        case .string(let text):
            return .string(text)
        case .array(let items):
            var words: [String] = []
            for (index, item) in items.enumerated() {
                words.append(try JSONObjectReader.scalarText(item, field: "\(field)[\(index)]"))
            }
            return .list(words)
        default:
            throw .wrongType(field: field, expected: "a string or an array of strings", found: value)
        }
    }

    private static func environment(_ value: JSONValue, field: String) throws(LegacyAPIError) -> [String: String] {
        guard case .object(let members) = value else {
            throw .wrongType(field: field, expected: "an object of names to values", found: value)
        }
        var result: [String: String] = [:]
        for (key, item) in members {
            result[key] = try JSONObjectReader.scalarText(item, field: JSONObjectReader.member(field, key))
        }
        return result
    }

    /// CPU cores: a number, a numeric string, or Kubernetes millicores (`"500m"`).
    private static func cores(_ reader: inout JSONObjectReader, _ key: String) throws(LegacyAPIError) -> Double? {
        if case .string(let text)? = reader.value(key), text.hasSuffix("m"), let milli = Int(text.dropLast()) {
            return Double(milli) / 1000
        }
        return try reader.number(key)
    }

    /// A Kubernetes quantity as text; a bare number of bytes is accepted too.
    private static func quantityText(_ reader: inout JSONObjectReader, _ key: String) throws(LegacyAPIError) -> String? {
        guard let value = reader.value(key) else { return nil }
        switch value {
        case .string(let text): return text
        case .integer(let number): return String(number)
        default: throw .wrongType(field: reader.field(key), expected: "a string such as \"2G\"", found: value)
        }
    }

    private static func serviceType(_ reader: inout JSONObjectReader) throws(LegacyAPIError) -> ServiceType? {
        guard let value = reader.value("serviceType") else { return nil }
        let field = reader.field("serviceType")
        let names = ServiceType.allCases.map(\.rawValue).joined(separator: ", ")
        switch value {
        case .string(let text):
            if text.isEmpty { return nil }
            guard let type = ServiceType(name: text) else {
                throw .invalid(
                    field: field,
                    rule: "must be one of \(names)",
                    details: "\(field) is \"\(text)\"; the legacy API accepts \(names) (or the numbers 1 to 5)."
                )
            }
            return type
        case .integer, .double:
            let code = try JSONObjectReader.integer(value, field: field)
            if code == 0 { return nil }
            guard let type = ServiceType.integerCodes[code] else {
                throw .invalid(
                    field: field,
                    rule: "must be a number from 0 to 5",
                    details:
                        "\(field) is \(code); as a number it must be 0 (none), 1 loadbalancer, 2 nodeport, 3 ingress, 4 clusterip or 5 portforward."
                )
            }
            return type
        default:
            throw .wrongType(field: field, expected: "a string or a number", found: value)
        }
    }

    private static func ttl(_ reader: inout JSONObjectReader) throws(LegacyAPIError) -> Int? {
        guard let value = reader.value("ttlAfterFinish") else { return nil }
        let field = reader.field("ttlAfterFinish")
        switch value {
        case .integer, .double:
            return try JSONObjectReader.integer(value, field: field)
        case .string(let text):
            guard let seconds = LegacyDuration.seconds(text) else {
                throw .invalid(
                    field: field,
                    rule: "must be seconds or a duration such as 5s, 2m or 3h",
                    details: "\(field) is \"\(text)\", which is neither a number of seconds nor a duration such as 5s, 2m or 3h."
                )
            }
            return seconds
        default:
            throw .wrongType(field: field, expected: "a number of seconds or a duration string", found: value)
        }
    }
}
