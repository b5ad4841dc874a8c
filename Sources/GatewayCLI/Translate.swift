import ArgumentParser
import Foundation
import GatewayCore
import GatewayHTTP
import Yams

extension InferenceGateway {
    /// `inference-gateway translate`: show the `InferenceWorkload` a legacy submit body becomes.
    struct Translate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the InferenceWorkload a legacy submit body or Deployment manifest becomes, without submitting it.",
            discussion: """
                Reads a legacy body ({"job": {...}} or {"template": {...}}), or a legacy Deployment on runai-scheduler \
                with its Service (YAML documents, JSON or a List), from FILE, or from standard input when FILE is \
                absent or -, and prints the Cluster-API object the gateway would push. A template body may name a \
                settingsName of --templates-file. An input the gateway would refuse prints the legacy error body (or \
                the 422 Status kubectl apply would get) on standard error and exits with status 1.
                """
        )

        /// The output formats.
        enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
            case json, yaml
        }

        @Argument(help: "The file with the legacy body; - or nothing reads standard input.")
        var file: String?

        @Option(name: .shortAndLong, help: "json or yaml.")
        var output: OutputFormat = .json

        @Option(help: "The display user, as RA-USER gives it.")
        var user: String?

        @Option(help: "The Cluster-API version: v2alpha1 or v1alpha1.")
        var apiVersion: String = InferenceWorkload.Version.preferred.rawValue

        @Option(help: "The namespace of a project's workloads; {project} is replaced.")
        var namespacePattern: String = TranslationOptions().namespacePattern

        @Option(help: "The templates file a {\"template\": …} body's settingsName names, as serve's --templates-file.")
        var templatesFile: String?

        func validate() throws {
            guard TranslationOptions.APIVersion(name: apiVersion) != nil else {
                throw ValidationError("--api-version must be v2alpha1 or v1alpha1, not \(apiVersion)")
            }
        }

        func run() async throws {
            let body = try readBody()
            let templates: [JobTemplateDefinition]?
            do {
                templates = try templatesFile.map { try TemplatesFile.load(path: $0) }
            } catch {
                throw ValidationError("\(error)")
            }
            var options = TranslationOptions(namespacePattern: namespacePattern)
            options.apiVersion = TranslationOptions.APIVersion(name: apiVersion) ?? .v2alpha1
            let workload: InferenceWorkload
            do {
                workload = try MigrationTranslation.translate(
                    body: body,
                    templates: templates,
                    user: user,
                    options: options,
                    clusterBaseURL: ""
                )
                .workload
            } catch {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                switch error {
                case .submit(let refusal): FileHandle.standardError.write(try encoder.encode(refusal.body) + Data("\n".utf8))
                case .manifest(_, let status): FileHandle.standardError.write(try encoder.encode(status) + Data("\n".utf8))
                }
                throw ExitCode.failure
            }
            switch output {
            case .json:
                let encoder = InferenceWorkload.makeEncoder()
                encoder.outputFormatting.insert(.prettyPrinted)
                print(String(decoding: try encoder.encode(workload), as: UTF8.self))
            case .yaml:
                let encoder = YAMLEncoder()
                encoder.options.sortKeys = true
                print(try encoder.encode(workload), terminator: "")
            }
        }

        private func readBody() throws -> Data {
            guard let file, file != "-" else { return FileHandle.standardInput.readDataToEndOfFile() }
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("cannot read \(file)")
            }
            return data
        }
    }
}
