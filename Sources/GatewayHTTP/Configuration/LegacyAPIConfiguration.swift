import Foundation
import GatewayCore

/// How the legacy API is served: who may call it, which projects exist, what the deprecation
/// signals say, and how large a request may be.
public struct LegacyAPIConfiguration: Sendable {
    /// How callers authenticate.
    public enum Authentication: Sendable, Equatable {
        /// The legacy unauthenticated mode: everyone may call, `RA-USER` names the display user.
        case none
        /// Bearer tokens listed in a file (re-read when it changes), each with a user and projects.
        case tokens(file: String)
        /// OIDC id-tokens of the configured issuer (``OIDCConfiguration``), and also the tokens of
        /// `tokensFile` when one is given.
        case oidc(OIDCConfiguration, tokensFile: String?)
    }

    /// What every legacy response says about the deprecation.
    public struct Deprecation: Sendable, Equatable {
        /// When the legacy API was deprecated: the Run:ai 2.5 release (May 2022) unless told otherwise.
        public var date: Date
        /// When the legacy API stops answering, if announced; never before ``date``.
        public var sunset: Date?
        /// Human-readable documentation of the deprecation and the migration path.
        public var documentationURL: String
        /// The base URL of the Cluster API that replaces the legacy API, without a trailing slash.
        /// `nil` means the gateway itself (as the caller reached it), since the embedded cluster
        /// serves the Cluster API on the same port.
        public var clusterBaseURL: String?

        /// Creates deprecation settings.
        public init(
            date: Date = Deprecation.runAI25Release,
            sunset: Date? = nil,
            documentationURL: String = Deprecation.defaultDocumentationURL,
            clusterBaseURL: String? = nil
        ) {
            self.date = date
            self.sunset = sunset
            self.documentationURL = documentationURL
            self.clusterBaseURL = clusterBaseURL
        }

        /// 2022-05-01T00:00:00Z: Run:ai 2.5, whose release notes deprecate the older API.
        public static let runAI25Release = Date(timeIntervalSince1970: 1_651_363_200)
        /// Run:ai's overview of the Cluster API workloads that replace the legacy API.
        public static let defaultDocumentationURL = "https://docs.run.ai/latest/developer/cluster-api/workload-overview-dev/"

        /// Checks the settings make sense together.
        /// - Throws: ``GatewayConfigurationError`` when the sunset is before the deprecation
        ///   (RFC 9745 §3 forbids it) or a URL is not absolute.
        public func validate() throws {
            if let sunset, sunset < date {
                throw GatewayConfigurationError(
                    "the sunset date \(Self.iso8601(sunset)) is before the deprecation date \(Self.iso8601(date)); "
                        + "RFC 9745 requires Sunset not to be earlier than Deprecation"
                )
            }
            for (name, value) in [("deprecation documentation URL", documentationURL), ("cluster base URL", clusterBaseURL)] {
                guard let value else { continue }
                guard let url = URL(string: value), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil
                else {
                    throw GatewayConfigurationError("the \(name) must be an absolute http(s) URL, not \(value)")
                }
            }
        }

        static func iso8601(_ date: Date) -> String {
            date.formatted(.iso8601)
        }
    }

    /// How callers authenticate. `none` unless told otherwise.
    public var authentication: Authentication
    /// How legacy jobs become `InferenceWorkload`s (API version, namespace pattern).
    public var translation: TranslationOptions
    /// A YAML or JSON file listing the projects; `nil` means projects are created on first submit.
    public var projectsFile: String?
    /// A YAML or JSON file of job templates a template submit may name (`template.settingsName`);
    /// re-read when it changes. `nil` means no templates.
    public var templatesFile: String?
    /// A YAML or JSON file of brownout windows (``BrownoutsFile``), re-read when it changes;
    /// `nil` means no brownouts.
    public var brownoutsFile: String?
    /// What every legacy response says about the deprecation.
    public var deprecation: Deprecation
    /// The largest request body accepted, in bytes (1 MiB unless told otherwise).
    public var maximumBodySize: Int
    /// How long audit entries of reads may wait before they are written together.
    public var auditFlushInterval: Duration

    /// Creates legacy API settings.
    public init(
        authentication: Authentication = .none,
        translation: TranslationOptions = TranslationOptions(),
        projectsFile: String? = nil,
        deprecation: Deprecation = Deprecation(),
        maximumBodySize: Int = LegacyAPIConfiguration.defaultMaximumBodySize,
        auditFlushInterval: Duration = .seconds(1),
        templatesFile: String? = nil
    ) {
        self.authentication = authentication
        self.translation = translation
        self.projectsFile = projectsFile
        self.deprecation = deprecation
        self.maximumBodySize = maximumBodySize
        self.auditFlushInterval = auditFlushInterval
        self.templatesFile = templatesFile
    }

    /// 1 MiB.
    public static let defaultMaximumBodySize = 1 << 20

    /// Checks the settings make sense together.
    /// - Throws: ``GatewayConfigurationError`` naming the setting at fault.
    public func validate() throws {
        try deprecation.validate()
        guard translation.namespacePattern.contains(TranslationOptions.projectPlaceholder) else {
            throw GatewayConfigurationError(
                "the namespace pattern must contain \(TranslationOptions.projectPlaceholder), not \(translation.namespacePattern)"
            )
        }
        guard maximumBodySize > 0 else {
            throw GatewayConfigurationError("the maximum body size must be a positive number of bytes, not \(maximumBodySize)")
        }
    }
}
