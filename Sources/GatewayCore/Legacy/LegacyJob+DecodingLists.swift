import Foundation

extension LegacyJob {
    static func ports(_ value: JSONValue, field: String) throws(LegacyAPIError) -> [Port] {
        guard case .array(let items) = value else {
            throw .wrongType(field: field, expected: "an array of ports", found: value)
        }
        var ports: [Port] = []
        for (index, item) in items.enumerated() {
            ports.append(try port(item, field: "\(field)[\(index)]"))
        }
        return ports
    }

    /// A port: `{"container", "external", "autoGenerate"}`, or the CLI's `8080` / `"30080:8080"` (external:container).
    private static func port(_ item: JSONValue, field: String) throws(LegacyAPIError) -> Port {
        switch item {
        case .integer, .double:
            return Port(container: try JSONObjectReader.integer(item, field: field))
        case .string(let text):
            let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
            if parts.count == 1, let container = parts[0] { return Port(container: container) }
            if parts.count == 2, let external = parts[0], let container = parts[1] {
                return Port(container: container, external: external)
            }
            throw .invalid(
                field: field,
                rule: "must be a port such as \"8080\" or \"30080:8080\"",
                details: "\(field) is \"\(text)\"; a port string is CONTAINER or EXTERNAL:CONTAINER."
            )
        case .object:
            var reader = try JSONObjectReader(item, path: field)
            guard let container = try reader.integer("container") else { throw .missing(field: reader.field("container")) }
            var port = Port(container: container)
            port.external = try reader.integer("external")
            port.autoGenerate = try reader.bool("autoGenerate")
            try reader.rejectUnknownMembers(accepted: "container, external, autoGenerate")
            return port
        default:
            throw .wrongType(field: field, expected: "a port object", found: item)
        }
    }

    static func claims(_ value: JSONValue, field: String) throws(LegacyAPIError) -> [PersistentVolumeClaim] {
        guard case .array(let items) = value else {
            throw .wrongType(field: field, expected: "an array of claims", found: value)
        }
        var claims: [PersistentVolumeClaim] = []
        for (index, item) in items.enumerated() {
            let path = "\(field)[\(index)]"
            if case .string(let text) = item {
                claims.append(try claim(cliForm: text, field: path))
                continue
            }
            var reader = try JSONObjectReader(item, path: path)
            var claim = PersistentVolumeClaim()
            claim.storageClass = try reader.string("storageClass")
            claim.size = try reader.string("size")
            claim.path = try reader.string("path")
            claim.readOnly = try reader.bool("readOnly")
            try reader.rejectUnknownMembers(accepted: "storageClass, size, path, readOnly")
            claims.append(claim)
        }
        return claims
    }

    /// The CLI's `--pvc` form: `[StorageClass]:Size:ContainerPath[:ro]`.
    private static func claim(cliForm text: String, field: String) throws(LegacyAPIError) -> PersistentVolumeClaim {
        var parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var readOnly: Bool?
        if parts.count == 4, parts[3] == "ro" || parts[3] == "rw" {
            readOnly = parts.removeLast() == "ro"
        }
        guard parts.count == 3 else {
            throw .invalid(
                field: field,
                rule: "must be StorageClass:Size:ContainerPath[:ro]",
                details: "\(field) is \"\(text)\"; a claim string is [StorageClass]:Size:ContainerPath with an optional :ro."
            )
        }
        return PersistentVolumeClaim(
            storageClass: parts[0].isEmpty ? nil : parts[0],
            size: parts[1],
            path: parts[2],
            readOnly: readOnly
        )
    }

    /// Reads `volumes` (a list of objects) or `volume` (a map of host path to container path, which may end
    /// in `:ro` or `:rw` as with the CLI's `--volume`), not both.
    mutating func readVolumes(_ reader: inout JSONObjectReader) throws(LegacyAPIError) {
        let map = reader.value("volume")
        let list = reader.value("volumes")
        if map != nil, list != nil {
            throw .invalid(
                field: reader.field("volume"),
                rule: "give volume or volumes, not both",
                details: "job.volume (a map of host path to container path) and job.volumes (a list) are two forms of the same field; send one."
            )
        }
        if let map {
            let field = reader.field("volume")
            guard case .object(let members) = map else {
                throw .wrongType(field: field, expected: "an object of host paths to container paths", found: map)
            }
            var volumes: [Volume] = []
            for (source, target) in members.sorted(by: { $0.key < $1.key }) {
                var target = try JSONObjectReader.string(target, field: JSONObjectReader.member(field, source))
                var readOnly: Bool?
                for (suffix, flag) in [(":ro", true), (":rw", false)] where target.hasSuffix(suffix) {
                    target.removeLast(suffix.count)
                    readOnly = flag
                }
                volumes.append(Volume(sourcePath: source, targetPath: target, readOnly: readOnly))
            }
            self.volumes = volumes
            self.volumeForm = .map
        }
        if let list {
            let field = reader.field("volumes")
            guard case .array(let items) = list else {
                throw .wrongType(field: field, expected: "an array of volumes", found: list)
            }
            var volumes: [Volume] = []
            for (index, item) in items.enumerated() {
                var itemReader = try JSONObjectReader(item, path: "\(field)[\(index)]")
                var volume = Volume()
                volume.sourcePath = try itemReader.string("sourcePath")
                volume.targetPath = try itemReader.string("targetPath")
                volume.nfsServer = try itemReader.string("nfsServer")
                volume.readOnly = try itemReader.bool("readOnly")
                try itemReader.rejectUnknownMembers(accepted: "sourcePath, targetPath, nfsServer, readOnly")
                volumes.append(volume)
            }
            self.volumes = volumes
            self.volumeForm = .list
        }
    }

    static func gitSyncs(_ value: JSONValue, field: String) throws(LegacyAPIError) -> [GitSync] {
        guard case .array(let items) = value else {
            throw .wrongType(field: field, expected: "an array of Git sources", found: value)
        }
        var result: [GitSync] = []
        for (index, item) in items.enumerated() {
            var reader = try JSONObjectReader(item, path: "\(field)[\(index)]")
            var sync = GitSync(repository: try reader.string("repository"))
            sync.branch = try reader.string("branch")
            sync.revision = try reader.string("revision")
            sync.byRevision = try reader.bool("byRevision")
            sync.directory = try reader.string("directory")
            sync.image = try reader.string("image")
            sync.username = try reader.string("username")
            sync.password = try reader.string("password")
            sync.useCredentials = try reader.bool("useCredentials")
            sync.readOnly = try reader.bool("readOnly")
            sync.sync = try reader.bool("sync")
            try reader.rejectUnknownMembers(
                accepted: "repository, branch, revision, byRevision, directory, image, username, password, useCredentials, readOnly, sync"
            )
            result.append(sync)
        }
        return result
    }
}
