import ArgumentParser
import GatewayHTTP

/// The `serve` flags of the legacy API: authentication, projects, translation, deprecation, body limit.
struct LegacyAPIOptions: ParsableArguments, SettingFlags {
    @Option(name: .setting(.auth), help: .setting(.auth))
    var auth: String?

    @Option(name: .setting(.tokensFile), help: .setting(.tokensFile))
    var tokensFile: String?

    @Option(name: .setting(.projectsFile), help: .setting(.projectsFile))
    var projectsFile: String?

    @Option(name: .setting(.templatesFile), help: .setting(.templatesFile))
    var templatesFile: String?

    @Option(name: .setting(.brownoutsFile), help: .setting(.brownoutsFile))
    var brownoutsFile: String?

    @Option(name: .setting(.namespacePattern), help: .setting(.namespacePattern))
    var namespacePattern: String?

    @Option(name: .setting(.clusterAPIVersion), help: .setting(.clusterAPIVersion))
    var clusterAPIVersion: String?

    @Option(name: .setting(.deprecationDate), help: .setting(.deprecationDate))
    var deprecationDate: String?

    @Option(name: .setting(.sunsetDate), help: .setting(.sunsetDate))
    var sunsetDate: String?

    @Option(name: .setting(.deprecationDocsURL), help: .setting(.deprecationDocsURL))
    var deprecationDocsURL: String?

    @Option(name: .setting(.clusterBaseURL), help: .setting(.clusterBaseURL))
    var clusterBaseURL: String?

    @Option(name: .setting(.maxBodySize), help: .setting(.maxBodySize))
    var maxBodySize: String?

    var flags: [GatewaySetting: String] {
        given([
            .auth: auth, .tokensFile: tokensFile, .projectsFile: projectsFile, .templatesFile: templatesFile, .brownoutsFile: brownoutsFile,
            .namespacePattern: namespacePattern,
            .clusterAPIVersion: clusterAPIVersion, .deprecationDate: deprecationDate, .sunsetDate: sunsetDate,
            .deprecationDocsURL: deprecationDocsURL, .clusterBaseURL: clusterBaseURL, .maxBodySize: maxBodySize,
        ])
    }
}
