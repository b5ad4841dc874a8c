import Foundation
import Yams

/// The parts of kubeconfig files the client uses, merged as kubectl merges a `KUBECONFIG` list:
/// the first file to define a cluster, user or context name wins, and so does the first non-empty
/// `current-context`. Relative paths are resolved against the directory of the file that holds them.
struct Kubeconfig: Sendable {
    struct Cluster: Decodable, Sendable {
        var server: String?
        var certificateAuthority: String?
        var certificateAuthorityData: String?
        var insecureSkipTLSVerify: Bool?
        var tlsServerName: String?

        enum CodingKeys: String, CodingKey {
            case server
            case certificateAuthority = "certificate-authority"
            case certificateAuthorityData = "certificate-authority-data"
            case insecureSkipTLSVerify = "insecure-skip-tls-verify"
            case tlsServerName = "tls-server-name"
        }
    }

    struct User: Decodable, Sendable {
        struct Exec: Decodable, Sendable {
            struct Variable: Decodable, Sendable {
                var name: String
                var value: String
            }
            var command: String
            var args: [String]?
            var env: [Variable]?
            var apiVersion: String?
            var installHint: String?
        }
        struct AuthProvider: Decodable, Sendable {
            var name: String?
        }
        var token: String?
        var tokenFile: String?
        var clientCertificate: String?
        var clientCertificateData: String?
        var clientKey: String?
        var clientKeyData: String?
        var exec: Exec?
        var authProvider: AuthProvider?
        var username: String?

        enum CodingKeys: String, CodingKey {
            case token, tokenFile, exec, username
            case clientCertificate = "client-certificate"
            case clientCertificateData = "client-certificate-data"
            case clientKey = "client-key"
            case clientKeyData = "client-key-data"
            case authProvider = "auth-provider"
        }
    }

    struct Context: Decodable, Sendable {
        var cluster: String
        var user: String?
        var namespace: String?
    }

    /// An entry and the directory of the file it came from.
    struct Located<Value: Sendable>: Sendable {
        var value: Value
        var directory: String
    }

    private struct File: Decodable {
        struct Named<Value: Decodable>: Decodable {
            var name: String
            var value: Value

            enum CodingKeys: String, CodingKey { case name, cluster, user, context }

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                name = try container.decode(String.self, forKey: .name)
                let key = [CodingKeys.cluster, .user, .context].first { container.contains($0) } ?? .cluster
                value = try container.decode(Value.self, forKey: key)
            }
        }
        var clusters: [Named<Cluster>]?
        var users: [Named<User>]?
        var contexts: [Named<Context>]?
        var currentContext: String?

        enum CodingKeys: String, CodingKey {
            case clusters, users, contexts
            case currentContext = "current-context"
        }
    }

    var clusters: [String: Located<Cluster>] = [:]
    var users: [String: Located<User>] = [:]
    var contexts: [String: Located<Context>] = [:]
    var currentContext: String?
    /// The files merged, in order.
    var files: [String] = []

    /// Adds a file's content; earlier definitions win.
    /// - Throws: ``KubernetesError/Code/invalidConfiguration`` when it is not a kubeconfig. The
    ///   message names the file and the place, never the content.
    mutating func merge(yaml: String, path: String) throws {
        let file: File
        do {
            file = try YAMLDecoder().decode(File.self, from: yaml)
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            // How the YAML decoder reports text that does not parse.
            throw KubernetesError(.invalidConfiguration, "the kubeconfig \(path) is not valid YAML")
        } catch let error as DecodingError {
            throw KubernetesError(.invalidConfiguration, "the kubeconfig \(path) is not valid: \(KubernetesJSON.summary(of: error))")
        } catch {
            throw KubernetesError(.invalidConfiguration, "the kubeconfig \(path) is not valid YAML")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        files.append(path)
        for entry in file.clusters ?? [] where clusters[entry.name] == nil {
            clusters[entry.name] = Located(value: entry.value, directory: directory)
        }
        for entry in file.users ?? [] where users[entry.name] == nil {
            users[entry.name] = Located(value: entry.value, directory: directory)
        }
        for entry in file.contexts ?? [] where contexts[entry.name] == nil {
            contexts[entry.name] = Located(value: entry.value, directory: directory)
        }
        if currentContext?.isEmpty ?? true, let current = file.currentContext, !current.isEmpty {
            currentContext = current
        }
    }

    /// Which files to read: `path` when given, else the `KUBECONFIG` list (missing entries are
    /// skipped, as kubectl does), else `~/.kube/config`.
    /// - Throws: ``KubernetesError/Code/invalidConfiguration`` when there is no file to read.
    static func files(path: String?, environment: [String: String]) throws -> [String] {
        if let path {
            guard FileManager.default.fileExists(atPath: path) else {
                throw KubernetesError(.invalidConfiguration, "the kubeconfig file \(path) does not exist")
            }
            return [path]
        }
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            let entries = list.split(separator: ":").map(String.init).filter { !$0.isEmpty }
            let existing = entries.filter { FileManager.default.fileExists(atPath: $0) }
            guard !existing.isEmpty else {
                throw KubernetesError(.invalidConfiguration, "none of the KUBECONFIG files exist: \(entries.joined(separator: ", "))")
            }
            return existing
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let standard = "\(home)/.kube/config"
        guard FileManager.default.fileExists(atPath: standard) else {
            throw KubernetesError(.invalidConfiguration, "no kubeconfig: KUBECONFIG is not set and \(standard) does not exist")
        }
        return [standard]
    }

    /// Reads and merges files in order.
    static func load(_ paths: [String]) throws -> Kubeconfig {
        var config = Kubeconfig()
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw KubernetesError(.invalidConfiguration, "the kubeconfig file \(path) cannot be read")
            }
            try config.merge(yaml: String(decoding: data, as: UTF8.self), path: path)
        }
        return config
    }
}
