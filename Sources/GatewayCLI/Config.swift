import ArgumentParser
import GatewayHTTP

extension InferenceGateway {
    /// `inference-gateway config --print`: the configuration `serve` would run with.
    struct Config: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the configuration and print the settings in force, each with where it came from.",
            discussion: """
                Takes the same --config file, environment and flags as serve and checks them as serve does at start \
                (exit code 64 and a message naming the key and the rule when a value is refused). With --print, writes \
                every setting as YAML, commented with default, file, env or flag; secrets and URL credentials are masked.
                """
        )

        @Flag(help: "Print the settings in force.")
        var print = false

        @OptionGroup var settings: SettingsOptions

        func run() async throws {
            let values = try await settings.values()
            _ = try settings.resolve(values)
            _ = try LogLevelOption.resolve(values)
            if print { Swift.print(EffectiveSettings(values).yaml, terminator: "") }
        }
    }
}
