import ArgumentParser
import GatewayHTTP

/// The flags of pushing to the cluster and following it back.
struct SyncOptions: ParsableArguments, SettingFlags {
    @Option(name: .setting(.kubeconfig), help: .setting(.kubeconfig))
    var kubeconfig: String?

    @Option(name: .setting(.kubeContext), help: .setting(.kubeContext))
    var context: String?

    @Option(name: .setting(.submitWait), help: .setting(.submitWait))
    var submitWait: String?

    @Option(name: .setting(.drift), help: .setting(.drift))
    var drift: String?

    @Option(name: .setting(.pushAttempts), help: .setting(.pushAttempts))
    var pushAttempts: String?

    @Option(name: .setting(.pushMaxBackoff), help: .setting(.pushMaxBackoff))
    var pushMaxBackoff: String?

    var flags: [GatewaySetting: String] {
        given([
            .kubeconfig: kubeconfig, .kubeContext: context, .submitWait: submitWait, .drift: drift, .pushAttempts: pushAttempts,
            .pushMaxBackoff: pushMaxBackoff,
        ])
    }
}
