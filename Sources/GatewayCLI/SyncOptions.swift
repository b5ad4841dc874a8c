import ArgumentParser
import GatewayHTTP

/// The flags of pushing to the cluster and following it back.
struct SyncOptions: ParsableArguments {
    @Option(help: "The kubeconfig file for --cluster kubeconfig. Env: \(GatewayEnvironment.kubeconfig), then KUBECONFIG, then ~/.kube/config")
    var kubeconfig: String?

    @Option(help: "The kubeconfig context. Env: \(GatewayEnvironment.kubeContext). Default: the current context")
    var context: String?

    @Option(name: .customLong("submit-wait"), help: "Seconds a submit waits for its first push, so a refusal by the cluster reaches the caller. Env: \(GatewayEnvironment.submitWait). Default: 2")
    var submitWait: String?

    @Option(help: "What to do with an object changed outside the gateway: reapply or report. Env: \(GatewayEnvironment.drift). Default: reapply")
    var drift: String?

    @Option(name: .customLong("push-attempts"), help: "Attempts before a push is given up as failed. Env: \(GatewayEnvironment.pushAttempts). Default: 30")
    var pushAttempts: String?

    @Option(name: .customLong("push-max-backoff"), help: "Longest wait in seconds between two attempts of a push. Env: \(GatewayEnvironment.pushMaxBackoff). Default: 60")
    var pushMaxBackoff: String?

    /// The flags as given, for ``SyncConfiguration/resolve(_:environment:)``.
    var settings: SyncConfiguration.Settings {
        SyncConfiguration.Settings(
            kubeconfig: kubeconfig, context: context, submitWait: submitWait, drift: drift,
            pushAttempts: pushAttempts, pushMaxBackoff: pushMaxBackoff
        )
    }
}
