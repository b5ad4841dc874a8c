import ArgumentParser
import GatewayHTTP

/// The `serve` flags of `/metrics` and of the log lines' form.
struct ObservabilityOptions: ParsableArguments, SettingFlags {
    @Option(name: .setting(.logFormat), help: .setting(.logFormat))
    var logFormat: String?

    @Option(name: .setting(.metricsAuth), help: .setting(.metricsAuth))
    var metricsAuth: String?

    @Option(name: .setting(.metricsMaxClients), help: .setting(.metricsMaxClients))
    var metricsMaxClients: String?

    var flags: [GatewaySetting: String] {
        given([.logFormat: logFormat, .metricsAuth: metricsAuth, .metricsMaxClients: metricsMaxClients])
    }
}
